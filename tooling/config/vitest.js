// @ts-check
// The shared test configuration: each package is one vitest project that runs on its
// TypeScript sources (the `@losskit/source` export condition), never on a stale `dist/`.
import { existsSync } from 'node:fs';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const SOURCE_CONDITION = '@losskit/source';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Environment for test workers. Without a GPU, onnxruntime-node's WebGPU provider finds an
 * adapter only through SwiftShader's Vulkan driver (shipped with Debian's chromium), so tests
 * point the Vulkan loader at it unless the caller chose a driver already.
 * @returns {Record<string, string>}
 */
function testEnvironment() {
  /** @type {Record<string, string>} */
  const env = {};
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // Vulkan's loader complains on stderr when this is unset.
  if (!process.env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = '/tmp';
  return env;
}

/**
 * @param {{ name?: string, testTimeout?: number, root?: string, include?: string[], isolate?: boolean, env?: Record<string, string> }} [options]
 */
export function packageTestConfig(options = {}) {
  return defineConfig({
    ...(options.root ? { root: options.root } : {}),
    resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
    test: {
      name: options.name,
      include: options.include ?? ['test/**/*.test.ts'],
      ...(options.isolate === undefined ? {} : { isolate: options.isolate }),
      env: { ...testEnvironment(), ...options.env },
      testTimeout: options.testTimeout ?? 120_000,
      hookTimeout: 120_000,
      // Native ONNX Runtime sessions and Chromium are heavy; two workers fit a 2-core CI machine
      // (turbo runs two packages at a time in `pnpm test`).
      maxWorkers: 2,
    },
  });
}
