import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, launchBrowserHarness } from '@losskit/browser-harness';
import { encodeModel } from '@losskit/graph';
import { convAutoencoder } from '@losskit/models';
import type { PageArgs, PageResult } from './browser-page';
import type { Settings } from './settings';
import type { Timing } from './stats';

export interface BrowserResult {
  readonly batch: number;
  readonly size: number;
  readonly timings: Record<string, Timing>;
  readonly firstLosses: Record<string, readonly number[]>;
}

export interface BrowserSection {
  readonly note: string;
  readonly results: readonly BrowserResult[];
  readonly skipped?: string;
  readonly skippedContestants?: Record<string, string>;
}

/** Why a Chromium section was not measured: no Chromium on the machine. */
export const CHROMIUM_MISSING = 'Chromium not found (apt-get install chromium, or set LOSSKIT_CHROMIUM)';

/** Why a Chromium section was not measured: the page threw (its first line and the page's last log lines). */
export function pageFailure(error: unknown, harness: BrowserHarness): string {
  return `the page failed: ${(error as Error).message.split('\n')[0]}; page log: ${harness.log.slice(-5).join(' | ')}`;
}

function bundles(): PageArgs['bundles'] {
  const require = createRequire(import.meta.url);
  const dist = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'dist');
  return {
    tf: `/@fs${dist('@tensorflow/tfjs')}/tf.min.js`,
    wasm: `/@fs${dist('@tensorflow/tfjs-backend-wasm')}/tf-backend-wasm.min.js`,
    webgpu: `/@fs${dist('@tensorflow/tfjs-backend-webgpu')}/tf-backend-webgpu.min.js`,
    wasmDir: `/@fs${dist('@tensorflow/tfjs-backend-wasm')}/`,
  };
}

/**
 * The training step in headless Chromium: onnxruntime-web (wasm with threads, webgpu) against
 * TensorFlow.js (wasm, webgpu) in the same page. Without a GPU, WebGPU is SwiftShader on the CPU.
 */
export async function benchBrowser(settings: Settings, log: (line: string) => void): Promise<BrowserSection> {
  const chromium = findChromium();
  if (!chromium) return { note: '', results: [], skipped: CHROMIUM_MISSING };
  const harness = await launchBrowserHarness({
    root: fileURLToPath(new URL('..', import.meta.url)),
    modules: { page: './src/browser-page.ts' },
    loadTimeoutMs: 180_000,
  });
  try {
    const shapes = settings.quick ? [{ batch: 32, size: 32 }] : settings.trainShapes.filter((s) => s.size === 32);
    log(`  Chromium ${harness.browserVersion}: ${shapes.map((s) => `b${s.batch} ${s.size}x${s.size}`).join(', ')}`);
    const withModels = shapes.map((s) => ({ ...s, model: Array.from(encodeModel(convAutoencoder({ size: s.size }))) }));
    const args: PageArgs = { bundles: bundles(), shapes: withModels, threads: settings.threads, warmup: 2, repeats: settings.quick ? 5 : 11, budgetMs: settings.budgetMs };
    const page = await harness.evaluate((m, a: PageArgs) => (m.page as { benchTrainingInPage(a: PageArgs): Promise<PageResult> }).benchTrainingInPage(a), args);
    const note =
      `Chromium ${harness.browserVersion} (headless), cross-origin isolated: ${page.crossOriginIsolated}; onnxruntime-web wasm with ${settings.threads} threads, ` +
      `tfjs-backend-wasm with ${page.tfjsWasmThreads} thread(s). WebGPU is SwiftShader (Vulkan on the CPU) unless the machine has a GPU: on this machine both webgpu columns measure a software GPU.`;
    return { note, results: page.results, skippedContestants: page.skipped };
  } catch (error) {
    return { note: '', results: [], skipped: pageFailure(error, harness) };
  } finally {
    await harness.close();
  }
}
