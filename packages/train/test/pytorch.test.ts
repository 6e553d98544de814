// Models exported by PyTorch 1.13's torch.onnx.export (opsets 9, 13 and 17) train in losskit and
// match PyTorch: the first step's loss and gradients, and the parameters and BatchNorm running
// statistics after 3 SGD and 3 Adam steps. The expected values were written by PyTorch itself
// (fixtures/pytorch/export.py); the exported trained model runs in plain onnxruntime-node.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { type Optimizer, adam, createTrainer, sgd } from '../src/index';
import { mse } from './support/models';
import { describeProviders } from './support/providers';
import { type Stored, relativeError } from './support/pytorch-fixtures';

interface Fixture {
  readonly sgdLr: number;
  readonly adamLr: number;
  readonly steps: number;
  readonly input: Stored;
  readonly target: Stored;
  readonly dropoutMasks: Readonly<Record<string, readonly (readonly number[])[]>>;
  readonly loss: number;
  readonly gradients: Readonly<Record<string, Stored>>;
  readonly afterSgd: Readonly<Record<string, Stored>>;
  readonly afterAdam: Readonly<Record<string, Stored>>;
}

const DIR = join(import.meta.dirname, 'fixtures', 'pytorch');
/** Loss: relative; gradients and parameters: max |losskit - PyTorch| <= 1e-4 * max(1, max |PyTorch|). */
const LOSS_TOLERANCE = 1e-5;
const TOLERANCE = 1e-4;

const FILES: readonly [string, string][] = [
  // Opset 9: Upsample, Clip and Pad attributes, five-output BatchNormalization, Unsqueeze axes attributes.
  ['classifier', 'classifier-opset9.onnx'],
  ['autoencoder', 'autoencoder-opset9.onnx'],
  ['resnet', 'resnet-opset9.onnx'],
  ['classifier', 'classifier-opset13.onnx'],
  ['classifier', 'classifier-opset17.onnx'],
  ['autoencoder', 'autoencoder-opset13.onnx'],
  ['autoencoder', 'autoencoder-opset17.onnx'],
  ['resnet', 'resnet-opset13.onnx'],
  ['resnet', 'resnet-opset17.onnx'],
  ['resnet', 'resnet-opset17-static.onnx'],
  // GroupNorm (Reshape -> InstanceNormalization -> Reshape) and LayerNorm (primitive ops at 13,
  // LayerNormalization at 17).
  ['norms', 'norms-opset13.onnx'],
  ['norms', 'norms-opset17.onnx'],
  ['mlp', 'mlp-opset13.onnx'],
  ['mlp', 'mlp-opset17.onnx'],
];

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
}

const tensor = (t: Stored) => ({ data: Float32Array.from(t.data), dims: t.dims });

/** Appends one JSON line per comparison to $PYTORCH_MATCH_LOG (how the README's figures were measured). */
function record(entry: Record<string, unknown>): void {
  const path = process.env.PYTORCH_MATCH_LOG;
  if (path) appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** Worst |actual - expected| relative to max(1, max |expected|) over every named tensor. */
function worst(actual: Readonly<Record<string, ArrayLike<number>>>, expected: Readonly<Record<string, Stored>>): number {
  let w = 0;
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    expect(a, `losskit has no value for "${name}"`).toBeDefined();
    w = Math.max(w, relativeError(a!, e.data));
  }
  return w;
}

/** The model's initializers (parameters and running statistics) in an exported `.onnx` file. */
function initializers(bytes: Uint8Array): Record<string, Float32Array> {
  return Object.fromEntries(decodeModel(bytes).graph.initializers.filter((t) => t.dtype === 'float32').map((t) => [t.name, t.data as Float32Array]));
}

async function train(bytes: Uint8Array, f: Fixture, optimizer: Optimizer, steps: number, provider: 'cpu' | 'webgpu') {
  // The Dropout masks PyTorch drew for each step (see export.py), fed to the exported Dropout node.
  const mask = (node: string, step: number) => Float32Array.from(f.dropoutMasks[node.split('/')[1]!]![step - 1]!);
  const trainer = await createTrainer({ model: bytes, loss: mse(), optimizer, provider, dropout: { mask } });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) losses.push((await trainer.step({ input: tensor(f.input), target: tensor(f.target) })).loss);
  return { trainer, losses };
}

/**
 * WebGPU (SwiftShader compiles every pipeline on the CPU, seconds per step graph) runs one file
 * per model: the opset upgrade is the same on every provider; the kernels are what differ.
 */
const WEBGPU_FILES = new Set(['classifier-opset17.onnx', 'autoencoder-opset9.onnx', 'resnet-opset17.onnx', 'norms-opset17.onnx', 'mlp-opset17.onnx']);

describeProviders('PyTorch-exported models match PyTorch', (provider) => {
  for (const [name, file] of FILES.filter(([, f]) => provider === 'cpu' || WEBGPU_FILES.has(f))) {
    it(`${file}: first-step loss and gradients, parameters after 3 SGD and 3 Adam steps, exported model`, async () => {
      const f = fixture(name);
      const bytes = readFileSync(join(DIR, file));

      // SGD with lr = 1 moves each parameter by exactly minus its gradient.
      const first = await train(bytes, f, sgd({ lr: 1 }), 1, provider);
      expect([...first.trainer.parameterNames].toSorted()).toEqual(Object.keys(f.gradients).toSorted());
      const initial = initializers(bytes);
      const after = await first.trainer.parameters();
      const grads = Object.fromEntries(Object.keys(f.gradients).map((p) => [p, initial[p]!.map((v, i) => v - after[p]![i]!)]));
      await first.trainer.release();
      const lossError = Math.abs(first.losses[0]! - f.loss) / Math.abs(f.loss);
      const gradientError = worst(grads, f.gradients);

      const bySgd = await train(bytes, f, sgd({ lr: f.sgdLr }), f.steps, provider);
      const sgdError = worst(initializers(await bySgd.trainer.exportOnnx()), f.afterSgd);
      await bySgd.trainer.release();

      const byAdam = await train(bytes, f, adam({ lr: f.adamLr }), f.steps, provider);
      const exported = await byAdam.trainer.exportOnnx();
      const adamError = worst(initializers(exported), f.afterAdam);
      record({ provider, file, lossError, gradientError, sgdError, adamError });
      expect(lossError).toBeLessThanOrEqual(LOSS_TOLERANCE);
      expect(gradientError).toBeLessThanOrEqual(TOLERANCE);
      expect(sgdError).toBeLessThanOrEqual(TOLERANCE);
      expect(adamError).toBeLessThanOrEqual(TOLERANCE);

      // The exported model (inference form: running statistics, no Dropout) in plain ONNX Runtime
      // computes what losskit predicts.
      const predicted = await byAdam.trainer.predict(tensor(f.input));
      await byAdam.trainer.release();
      const session = await ort.InferenceSession.create(exported, { executionProviders: ['cpu'] });
      const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(f.input.data), [...f.input.dims]) });
      await session.release();
      const y = out.y!.data as Float32Array;
      expect(out.y!.dims).toEqual(predicted.dims);
      let diff = 0;
      y.forEach((v, i) => {
        diff = Math.max(diff, Math.abs(v - predicted.data[i]!));
      });
      expect(diff).toBeLessThanOrEqual(1e-5);
    });
  }
});
