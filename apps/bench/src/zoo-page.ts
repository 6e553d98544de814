/**
 * The page side of the zoo section's Chromium part, loaded by @losskit/browser-harness: each
 * torchvision model trained from its `.onnx` file on onnxruntime-web's wasm provider, as a user
 * in the browser would, with the trainer's defaults (the wasm record's `trainingStepOptimization`:
 * ONNX Runtime's graph optimisations off) and with them on.
 */
import { bce } from '@losskit/loss-bce';
import * as runtime from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';
import { summarize } from './stats';
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
  /** Steady steps timed per trainer, interleaved with the other variant's, after two untimed ones. */
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

/** The variants: the trainer's defaults, and the session level the wasm record's choice undoes. */
const VARIANTS: readonly { readonly name: string; readonly graphOptimization?: 'all' }[] = [
  { name: 'losskit' },
  { name: 'ONNX Runtime graph optimisations', graphOptimization: 'all' },
];

/** Steps after the first that are run but not timed (ONNX Runtime's first runs still allocate). */
const WARMUP_STEPS = 2;
const load = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** Runs in the page: per model, the variants' first steps and interleaved steady steps (see {@link ZooPageArgs}). */
export async function zooFirstStepsInPage(args: ZooPageArgs): Promise<ZooPageRow[]> {
  // The browser build's configureWasm (this file is typechecked against the Node build's types).
  (runtime as unknown as { configureWasm(o: { numThreads: number }): void }).configureWasm({ numThreads: args.threads });
  const batch = { input: batchData(args.batch, args.size), target: zooTargets(args.batch, args.classes) };
  const open = (model: Uint8Array, variant: (typeof VARIANTS)[number]) =>
    createTrainer({ model, loss: bce({ fromLogits: true }), optimizer: adam({ lr: 1e-3 }), provider: 'wasm', session: variant.graphOptimization ? { graphOptimization: variant.graphOptimization } : {} });
  // The page's first session also starts ONNX Runtime's wasm module: a warm-up trainer pays that.
  const warmup = await open(await load(args.models[0]!.url), VARIANTS[0]!);
  await warmup.step(batch);
  await warmup.release();
  const rows: ZooPageRow[] = [];
  for (const { name, url } of args.models) {
    const model = await load(url);
    const firstStepMs: Record<string, number[]> = {};
    const steps: Record<string, number[]> = {};
    for (let round = 0; round < args.rounds; round++) {
      // Each round opens one trainer per variant (in turn, the order alternating between rounds),
      // then times their steady steps interleaved, so that the VM's drift reaches both alike.
      const order = round % 2 === 0 ? VARIANTS : VARIANTS.toReversed();
      const trainers = [];
      for (const variant of order) {
        const started = performance.now();
        const trainer = await open(model, variant);
        await trainer.step(batch);
        (firstStepMs[variant.name] ??= []).push(performance.now() - started);
        trainers.push({ variant, trainer });
      }
      for (let s = 0; s < WARMUP_STEPS + args.steps; s++) {
        for (const { variant, trainer } of trainers) {
          const t = performance.now();
          await trainer.step(batch);
          if (s >= WARMUP_STEPS) (steps[variant.name] ??= []).push(performance.now() - t);
        }
      }
      for (const { trainer } of trainers) await trainer.release();
    }
    rows.push({ model: name, batch: args.batch, firstStepMs, stepMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, summarize(v).median])) });
  }
  return rows;
}
