// Runs every package's tests as one vitest workspace (editors use this; turbo runs packages one by one).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'packages/plugins/*', 'apps/*', 'tooling/*'],
  },
});
