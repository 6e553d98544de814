/**
 * The page side of the Chromium benchmark, loaded by @losskit/browser-harness: the demo
 * autoencoder's training step on onnxruntime-web (wasm with threads, webgpu) and on TensorFlow.js
 * (wasm, webgpu) in one page, interleaved.
 */
import { l1 } from '@losskit/loss-l1';
import { decodeModel } from '@losskit/graph';
import * as runtime from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';
import { architectureOf } from './architecture';
import { type Contestant, interleaved } from './stats';
import type { Tf } from './tfjs-model';
import { tfjsTrainer } from './tfjs-train';
import { batchData } from './train-data';

/** Where the page finds TensorFlow.js's prebuilt bundles (served by the harness under `/@fs`). */
export interface TfjsBundles {
  readonly tf: string;
  readonly wasm: string;
  readonly webgpu: string;
  /** Folder of tfjs-backend-wasm's `.wasm` files, with a trailing slash. */
  readonly wasmDir: string;
}

export interface PageArgs {
  readonly bundles: TfjsBundles;
  /**
   * Per shape, the model's `.onnx` bytes as plain numbers (built in Node: @losskit/models imports
   * CommonJS image decoders the harness's unbundled page cannot load).
   */
  readonly shapes: readonly { readonly batch: number; readonly size: number; readonly model: readonly number[] }[];
  readonly threads: number;
  readonly warmup: number;
  readonly repeats: number;
  readonly budgetMs: number;
}

export interface PageShapeResult {
  readonly batch: number;
  readonly size: number;
  readonly timings: Record<string, { min: number; median: number; max: number; n: number }>;
  readonly firstLosses: Record<string, number[]>;
}

export interface PageResult {
  readonly results: PageShapeResult[];
  readonly skipped: Record<string, string>;
  readonly crossOriginIsolated: boolean;
  readonly tfjsWasmThreads: number;
  readonly userAgent: string;
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`could not load ${src}`)), { once: true });
    document.head.append(script);
  });
}

const ADAM = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8 };

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

/** Runs every contestant on every shape; contestants that fail to start are reported, not fatal. */
export async function benchTrainingInPage(args: PageArgs): Promise<PageResult> {
  const skipped: Record<string, string> = {};
  // The browser build's configureWasm (this file is typechecked against the Node build's types).
  (runtime as unknown as { configureWasm(o: { numThreads: number }): void }).configureWasm({ numThreads: args.threads });
  let tf: Tf | undefined;
  try {
    await loadScript(args.bundles.tf);
    await loadScript(args.bundles.wasm);
    await loadScript(args.bundles.webgpu);
    tf = (globalThis as unknown as { tf: Tf & { wasm: { setWasmPaths(p: string): void; setThreadsCount(n: number): void } } }).tf;
    const wasm = (tf as unknown as { wasm: { setWasmPaths(p: string): void; setThreadsCount(n: number): void } }).wasm;
    wasm.setWasmPaths(args.bundles.wasmDir);
    wasm.setThreadsCount(args.threads);
  } catch (error) {
    skipped['tfjs-wasm'] = skipped['tfjs-webgpu'] = `TensorFlow.js did not load: ${message(error)}`;
  }

  const results: PageShapeResult[] = [];
  for (const shape of args.shapes) {
    const model = decodeModel(Uint8Array.from(shape.model));
    const batch = batchData(shape.batch, shape.size);
    const contestants: Contestant[] = [];
    const losses: Record<string, number[]> = {};
    const cleanups: (() => unknown)[] = [];
    for (const provider of ['wasm', 'webgpu'] as const) {
      const name = `ort-${provider}`;
      try {
        const trainer = await createTrainer({ model, loss: l1(), optimizer: adam(ADAM), provider });
        losses[name] = [];
        contestants.push({ name, run: async () => losses[name]!.push((await trainer.step({ input: batch, target: batch })).loss) });
        cleanups.push(() => trainer.release());
      } catch (error) {
        skipped[name] = message(error);
      }
    }
    for (const backend of ['wasm', 'webgpu'] as const) {
      const name = `tfjs-${backend}`;
      if (!tf || skipped[name]) continue;
      try {
        if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
        await tf.ready();
        const trainer = tfjsTrainer(tf, architectureOf(model), batch, ADAM);
        losses[name] = [];
        const backendTf = tf;
        contestants.push({
          name,
          prepare: () => backendTf.setBackend(backend),
          run: async () => losses[name]!.push(await trainer.step()),
        });
        cleanups.push(() => trainer.dispose());
      } catch (error) {
        skipped[name] = message(error);
      }
    }
    const timings = await interleaved(contestants, { warmup: args.warmup, repeats: args.repeats, budgetMs: args.budgetMs, settleMs: 30 });
    for (const cleanup of cleanups) await cleanup();
    results.push({
      batch: shape.batch,
      size: shape.size,
      timings: Object.fromEntries(timings),
      firstLosses: Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice(0, 2)])),
    });
  }
  const threads = tf ? (tf as unknown as { wasm: { getThreadsCount(): number } }).wasm.getThreadsCount() : 0;
  return { results, skipped, crossOriginIsolated: globalThis.crossOriginIsolated, tfjsWasmThreads: threads, userAgent: navigator.userAgent };
}
