// @ts-check
// Every loss plugin's tests in one vitest run (`pnpm test:plugins`, the CI's way to run them).
// Run one package at a time, each suite pays again for vitest's start, the TypeScript transform
// of core, graph, autodiff, runtime and the test kit, and the import of ONNX Runtime and
// Playwright: about 4 CPU-seconds of a small plugin's 10. Here each worker process pays once.
// Test files share their worker's modules (`isolate: false`): plugin suites keep no global
// state, and each LossTester run opens and closes its own sessions and browser.
import { fileURLToPath } from 'node:url';
import { packageTestConfig } from './vitest.js';

export default packageTestConfig({
  name: 'plugins',
  root: fileURLToPath(new URL('../..', import.meta.url)),
  include: ['packages/plugins/*/test/**/*.test.ts'],
  isolate: false,
});
