import { defineConfig } from 'vitest/config';

export default defineConfig({
  // ONNX Runtime sessions (and Chromium, for the browser providers) take a while to start.
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
