/**
 * The page side of the zoo section's Chromium part, loaded by @losskit/browser-harness: each
 * torchvision model trained from its `.onnx` file on onnxruntime-web's wasm provider, as a user
 * in the browser would, with the trainer's defaults (the wasm record's `trainingStepOptimization`,
 * ONNX Runtime's graph optimisations on) and with them off, as cpu's step sessions open.
 */
import { bce } from '@losskit/loss-bce';
import * as runtime from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';
import { batchData, zooTargets } from './train-data';

export interface ZooPageArgs {
  /** Each model's name and the URL the harness serves its `.onnx` file at. */
  readonly models: readonly { readonly name: string; readonly url: string }[];
  readonly batch: number;
  readonly size: number;
  readonly classes: number;
  readonly threads: number;
  /** Trainers per variant and model (the variants alternate). */
  readonly rounds: number;
  /** Steady steps timed per trainer after its first. */
  readonly steps: number;
}

/** One model in the page: per variant, every trainer's first step and the median steady step. */
export interface ZooPageRow {
  readonly model: string;
  readonly batch: number;
  /** `createTrainer` plus the first step (ms, wall), one per trainer. */
  readonly firstStepMs: Record<string, number[]>;
  /** Median steady step (ms) over every trainer's steps. */
  readonly stepMs: Record<string, number>;
}

/** The variants: the trainer's defaults, and the session level cpu's step sessions use instead. */
const VARIANTS: readonly { readonly name: string; readonly graphOptimization?: 'disabled' }[] = [
  { name: 'losskit' },
  { name: 'no ONNX Runtime graph optimisations', graphOptimization: 'disabled' },
];

const median = (values: readonly number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

export async function zooFirstStepsInPage(args: ZooPageArgs): Promise<ZooPageRow[]> {
  // The browser build's configureWasm (this file is typechecked against the Node build's types).
  (runtime as unknown as { configureWasm(o: { numThreads: number }): void }).configureWasm({ numThreads: args.threads });
  const batch = { input: batchData(args.batch, args.size), target: zooTargets(args.batch, args.classes) };
  const rows: ZooPageRow[] = [];
  // The page's first session also starts ONNX Runtime's wasm module: a warm-up trainer pays that.
  const warmup = await createTrainer({ model: await load(args.models[0]!.url), loss: bce({ fromLogits: true }), provider: 'wasm' });
  await warmup.step(batch);
  await warmup.release();
  for (const { name, url } of args.models) {
    const model = await load(url);
    const firstStepMs: Record<string, number[]> = {};
    const steps: Record<string, number[]> = {};
    for (let round = 0; round < args.rounds; round++) {
      for (const variant of VARIANTS) {
        const started = performance.now();
        const session = variant.graphOptimization ? { graphOptimization: variant.graphOptimization } : {};
        const trainer = await createTrainer({ model, loss: bce({ fromLogits: true }), optimizer: adam({ lr: 1e-3 }), provider: 'wasm', session });
        await trainer.step(batch);
        (firstStepMs[variant.name] ??= []).push(performance.now() - started);
        for (let s = 0; s < args.steps; s++) {
          const t = performance.now();
          await trainer.step(batch);
          (steps[variant.name] ??= []).push(performance.now() - t);
        }
        await trainer.release();
      }
    }
    rows.push({ model: name, batch: args.batch, firstStepMs, stepMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, median(v)])) });
  }
  return rows;
}
