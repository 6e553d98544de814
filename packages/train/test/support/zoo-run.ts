// One zoo model's checks as a user would train it, the same code in Node and in the Chromium page
// (browser-pytorch.test.ts): the first step's loss and gradients, then two Adam steps.
import { type Model, type Tensor, decodeModel } from '@losskit/graph';
import { bce } from '@losskit/loss-bce';
import { adam, createTrainer, sgd } from '../../src/index';
import { RATE, gradientsOfStep } from './step-gradients';
import { type GradientSummary, summarize, zooBatch, zooMask, zooModel } from './zoo-weights';

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

/** The fixtures' batch shape. */
export interface ZooShape {
  readonly batch: number;
  readonly size: number;
  readonly classes: number;
}

/** Trains a zoo graph (bytes of fixtures/zoo/<model>-<mode>.onnx) on `provider`. */
export async function runZooModel(
  bytes: Uint8Array,
  shape: ZooShape,
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

/** mobilenet_v2's head, the parameters `trainable: 'classifier.'` selects. */
export const CLASSIFIER: string[] = ['classifier.1.weight', 'classifier.1.bias'];

/** What {@link fineTuneClassifier} reports. */
export interface ClassifierRun {
  readonly provider: string;
  readonly parameterNames: string[];
  readonly loss: number;
  readonly gradients: Record<string, GradientSummary>;
  /** Initializers whose bytes differ between the model and `exportOnnx()` after one step. */
  readonly changed: string[];
  /** The model's BatchNorm running statistics (`*.running_mean`, `*.running_var`). */
  readonly statistics: string[];
}

function bytesOf(t: Tensor): Uint8Array {
  const data = t.data as ArrayBufferView;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const initializers = (m: Model) => new Map(m.graph.initializers.map((t) => [t.name, t]));

/**
 * The guide's "fine-tune only the classifier": one SGD step with `trainable: 'classifier.'`,
 * then every initializer of the exported model compared with the original, bit for bit.
 */
export async function fineTuneClassifier(bytes: Uint8Array, shape: ZooShape, provider: 'cpu' | 'wasm'): Promise<ClassifierRun> {
  const model = zooModel(bytes);
  const trainer = await createTrainer({
    model,
    loss: bce({ fromLogits: true }),
    optimizer: sgd({ lr: RATE }),
    trainable: 'classifier.',
    provider,
    dropout: { mask: zooMask },
  });
  const before = await trainer.parameters();
  const { loss } = await trainer.step(zooBatch(shape.batch, shape.size, shape.classes));
  const after = await trainer.parameters();
  const trained = initializers(decodeModel(await trainer.exportOnnx()));
  await trainer.release();
  const original = initializers(model);
  const changed = [...trained].filter(([name, t]) => {
    const o = original.get(name);
    if (!o) throw new Error(`the exported model has an initializer "${name}" the original has not`);
    const [a, b] = [bytesOf(t), bytesOf(o)];
    return a.length !== b.length || a.some((v, i) => v !== b[i]);
  });
  return {
    provider: trainer.provider,
    parameterNames: [...trainer.parameterNames],
    loss,
    gradients: summarize(gradientsOfStep(before, after)),
    changed: changed.map(([name]) => name),
    statistics: [...original.keys()].filter((n) => /running_(mean|var)$/.test(n)),
  };
}
