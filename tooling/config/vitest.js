// @ts-check
// The shared test configuration: each package is one vitest project that runs on its
// TypeScript sources (the `@losskit/source` export condition), never on a stale `dist/`.
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const SOURCE_CONDITION = '@losskit/source';

/**
 * @param {{ name?: string, testTimeout?: number }} [options]
 */
export function packageTestConfig(options = {}) {
  return defineConfig({
    resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
    test: {
      name: options.name,
      include: ['test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 120_000,
      hookTimeout: 120_000,
      // Native ONNX Runtime sessions and Chromium are heavy; two workers fit a 2-core CI machine.
      maxWorkers: 2,
    },
  });
}
