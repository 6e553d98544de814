// One zoo model's checks as a user would train it, the same code in Node and in the Chromium page
// (browser-zoo.test.ts): the first step's loss and gradients, then two Adam steps.
import { bce } from '@losskit/loss-bce';
import { adam, createTrainer, sgd } from '../../src/index';
import { type GradientSummary, summarize, zooBatch, zooMask, zooModel } from './zoo-weights';

/**
 * SGD with a power-of-two rate moves each parameter by exactly rate x gradient before one
 * rounding, so (before - after) / rate recovers the gradient with an error of ulp(parameter) /
 * rate: far below float noise, where a rate of 1 would lose the low bits of small gradients.
 */
export const RATE = 1024;

/** The gradients of a step of `sgd({ lr: RATE })`, from the parameters before and after it. */
export function gradientsOfStep(
  before: Readonly<Record<string, Float32Array>>,
  after: Readonly<Record<string, Float32Array>>,
): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(before).map(([p, v]) => [p, Float64Array.from(v, (b, i) => (b - after[p]![i]!) / RATE)]));
}

/** The Dropout masks of step 1 at every step: Adam steps on one batch see the same network. */
const firstStepMask = (node: string, _step: number, dims: readonly number[], ratio: number) => zooMask(node, 1, dims, ratio);

/** What one run reports, plain data (it leaves the browser page). */
export interface ZooRun {
  readonly provider: string;
  readonly parameterNames: string[];
  /** The first step's loss (BCE on logits, mean). */
  readonly loss: number;
  /** The first step's gradients, reduced to what the fixtures store. */
  readonly gradients: Record<string, GradientSummary>;
  /** Losses of two Adam steps on the same batch and Dropout masks; the second is the loss after one update. */
  readonly adamLosses?: [number, number];
  /** Whether every parameter is finite after the Adam steps. */
  readonly finite?: boolean;
}

/** Trains a zoo graph (bytes of fixtures/zoo/<model>-<mode>.onnx) on `provider`. */
export async function runZooModel(
  bytes: Uint8Array,
  shape: { readonly batch: number; readonly size: number; readonly classes: number },
  provider: 'cpu' | 'wasm',
  withAdam: boolean,
): Promise<ZooRun> {
  const model = zooModel(bytes);
  const batch = zooBatch(shape.batch, shape.size, shape.classes);
  const loss = bce({ fromLogits: true });

  const first = await createTrainer({ model, loss, optimizer: sgd({ lr: RATE }), provider, dropout: { mask: zooMask } });
  const before = await first.parameters();
  const step = await first.step(batch);
  const after = await first.parameters();
  await first.release();
  const run = { provider: first.provider, parameterNames: [...first.parameterNames], loss: step.loss, gradients: summarize(gradientsOfStep(before, after)) };
  if (!withAdam) return run;

  // A small rate: Adam's first step moves every weight by about lr whatever its gradient, and
  // the eval-mode exports have no BatchNorm to absorb that across 20 to 80 layers.
  const trainer = await createTrainer({ model, loss, optimizer: adam({ lr: 1e-5 }), provider, dropout: { mask: firstStepMask } });
  const l1 = (await trainer.step(batch)).loss;
  const l2 = (await trainer.step(batch)).loss;
  const params = await trainer.parameters();
  await trainer.release();
  const finite = Object.values(params).every((v) => v.every(Number.isFinite));
  return { ...run, adamLosses: [l1, l2], finite };
}
