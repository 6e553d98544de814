import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, launchBrowserHarness } from '@losskit/browser-harness';
import { CHROMIUM_MISSING, pageFailure } from './browser-bench';
import type { ZooPageArgs, ZooPageRow } from './zoo-page';

/** The zoo in headless Chromium on wasm: the first step and the steady step per model, by variant. */
export interface ZooBrowser {
  readonly chromium?: string;
  readonly threads: number;
  readonly rows: readonly ZooPageRow[];
  readonly skipped?: string;
}

const ROUNDS = 2;
const STEPS = 8;

/**
 * Trains each exported model (in `cache`) at batch 4 in Chromium on onnxruntime-web's wasm
 * provider, as a browser user would: `createTrainer` plus the first step, then steady steps, with
 * the trainer's defaults and with ONNX Runtime's graph optimisations on, steps interleaved.
 */
export async function benchZooInChromium(
  cache: string,
  models: readonly string[],
  shape: { readonly size: number; readonly classes: number; readonly threads: number },
  log: (line: string) => void,
): Promise<ZooBrowser> {
  if (!findChromium()) return { threads: shape.threads, rows: [], skipped: CHROMIUM_MISSING };
  const harness = await launchBrowserHarness({ root: fileURLToPath(new URL('..', import.meta.url)), modules: { page: './src/zoo-page.ts' }, loadTimeoutMs: 180_000 });
  try {
    log(`  ${harness.browserVersion}, wasm: ${models.join(', ')} at b4`);
    const args: ZooPageArgs = {
      // The harness serves files outside its root under /@fs (Vite).
      models: models.map((name) => ({ name, url: `/@fs${join(cache, `${name}.onnx`)}` })),
      batch: 4,
      size: shape.size,
      classes: shape.classes,
      threads: shape.threads,
      rounds: ROUNDS,
      steps: STEPS,
    };
    const rows = await harness.evaluate((m, a: ZooPageArgs) => (m.page as { zooFirstStepsInPage(a: ZooPageArgs): Promise<ZooPageRow[]> }).zooFirstStepsInPage(a), args);
    for (const r of rows) log(`    ${r.model}: ${Object.entries(r.firstStepMs).map(([k, v]) => `${k} ${v.map((ms) => (ms / 1000).toFixed(2)).join('/')} s`).join(', ')}`);
    return { chromium: harness.browserVersion, threads: shape.threads, rows };
  } catch (error) {
    return { threads: shape.threads, rows: [], skipped: pageFailure(error, harness) };
  } finally {
    await harness.close();
  }
}
