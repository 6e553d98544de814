// @ts-check
// Every loss plugin's tests in one vitest run (`pnpm test:plugins`, the CI's way to run them).
// Run one package at a time, each suite pays again for vitest's start, the TypeScript transform
// of core, graph, autodiff, runtime and the test kit, and the import of ONNX Runtime and
// Playwright: about 4 CPU-seconds of a small plugin's 10. Here each worker process pays once.
// Test files share their worker's modules (`isolate: false`): plugin suites keep no global
// state, and each LossTester run opens and closes its own sessions. They share the worker's
// Chromium page too (the test kit's LOSSKIT_TESTKIT_SHARE_PAGE): starting Chromium and Vite and
// loading ONNX Runtime Web cost each suite about 2.5 s.
import { fileURLToPath } from 'node:url';
import { packageTestConfig } from './vitest.js';

export default packageTestConfig({
  name: 'plugins',
  root: fileURLToPath(new URL('../..', import.meta.url)),
  include: ['packages/plugins/*/test/**/*.test.ts'],
  isolate: false,
  env: { LOSSKIT_TESTKIT_SHARE_PAGE: '1' },
});
