// Recurrent text classifiers exported by PyTorch 1.13 (fixtures/recurrent/export.py): token ids,
// nn.Embedding, then nn.GRU (ONNX GRU with linear_before_reset = 1), a 2-layer bidirectional
// nn.LSTM or a bidirectional nn.RNN, then nn.Linear. They train in losskit: the first step's loss
// and gradients match PyTorch's float64 autograd, and SGD steps lower the loss as PyTorch's do.
// ONNX Runtime's WebGPU provider has LSTM and GRU kernels, so both providers run those; it has
// none for RNN, and the RNN model is refused on WebGPU rather than run on the CPU.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnsupportedOperatorError, decodeModel } from '@losskit/graph';
import { crossEntropy } from '@losskit/loss-cross-entropy';
import { expect, it } from 'vitest';
import { type Trainer, createTrainer, sgd } from '../src/index';
import { describeProviders, describeWithWebGpu } from './support/providers';
import { type TokenClassifierFixture as Fixture, float32Distances, gradientDistances, maxAbs, relativeError } from './support/pytorch-fixtures';
import { RATE, gradientsOfStep } from './support/step-gradients';

const DIR = join(import.meta.dirname, 'fixtures', 'recurrent');
const MODELS = ['gru-classifier', 'lstm-classifier', 'rnn-classifier'] as const;
/**
 * The models a provider runs. WebGPU has no RNN kernel (see the last suite); of GRU and LSTM it
 * runs the LSTM (two stacked bidirectional layers: the most the rule does), because each model's
 * first WebGPU step compiles its shaders, 5 to 7 s on the CI's SwiftShader. autodiff's
 * finite-difference tests check the GRU rule on WebGPU.
 */
const modelsOn = (provider: string) => (provider === 'webgpu' ? (['lstm-classifier'] as const) : MODELS);
const read = (name: string) => ({
  bytes: readFileSync(join(DIR, `${name}.onnx`)),
  f: JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture,
});
// The loss, and the losses of the SGD steps: relative 1e-5 and max |losskit - PyTorch| <= 1e-4 *
// max(1, max |PyTorch|), as the other PyTorch fixture tests.
const LOSS_TOLERANCE = 1e-5;
const TOLERANCE = 1e-4;

const batch = (f: Fixture) => ({
  input: { data: BigInt64Array.from(f.ids.data, BigInt), dims: f.ids.dims },
  target: { data: BigInt64Array.from(f.labels, BigInt), dims: [f.labels.length] },
});

describeProviders('recurrent text classifiers exported by PyTorch', (provider) => {
  const open = (bytes: Uint8Array, lr: number): Promise<Trainer> => createTrainer({ model: bytes, loss: crossEntropy(), optimizer: sgd({ lr }), provider });

  for (const name of modelsOn(provider)) {
    it(`${name}: first-step loss and gradients match PyTorch's float64 autograd as closely as PyTorch's float32`, async () => {
      const { bytes, f } = read(name);
      // One SGD step with lr = 2^10 moves each parameter by minus 2^10 times its gradient: the
      // power of two scales exactly and the step dwarfs the parameter, so (before - after) / 2^10
      // reads the gradient without the rounding of the parameter's own size.
      const initial = Object.fromEntries(decodeModel(bytes).graph.initializers.map((t) => [t.name, t.data as Float32Array]));
      await using trainer = await open(bytes, RATE);
      expect(trainer.provider).toBe(provider);
      expect([...trainer.parameterNames].toSorted()).toEqual(Object.keys(f.gradients).toSorted());
      const { loss } = await trainer.step(batch(f));
      expect(Math.abs(loss - f.loss) / f.loss).toBeLessThanOrEqual(LOSS_TOLERANCE);
      const after = await trainer.parameters();
      const gradients = gradientsOfStep(initial, after);
      const largest = Math.max(...Object.values(f.gradients).map((g) => maxAbs(g.data)));
      for (const [parameter, { distance, allowed }] of Object.entries(gradientDistances(gradients, f.gradients, float32Distances(f)))) {
        expect(distance, `d loss / d ${parameter}: max |losskit - float64|`).toBeLessThanOrEqual(allowed);
        // Every parameter's gradient is well above the floor of the bound, so the comparison has teeth.
        expect(maxAbs(f.gradients[parameter]!.data), `d loss / d ${parameter} is not ~0`).toBeGreaterThan(1e-2 * largest);
      }
    });
  }

  // On cpu only: on WebGPU the same models would compile their shaders again for nothing new.
  if (provider === 'cpu') it('three SGD steps lower the loss as they do in PyTorch: each classifier, and the GRU exported with constant folding', async () => {
    const runs = [...modelsOn(provider).map(read), { ...read('gru-classifier'), bytes: readFileSync(join(DIR, 'gru-classifier-folded.onnx')) }];
    for (const { bytes, f } of runs) {
      await using trainer = await open(bytes, f.sgdLr);
      const losses: number[] = [];
      for (let s = 0; s < f.sgdLosses.length; s++) losses.push((await trainer.step(batch(f))).loss);
      expect(relativeError(losses, f.sgdLosses)).toBeLessThanOrEqual(TOLERANCE);
      expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.02);
    }
  });
});

describeWithWebGpu('[node:webgpu] the RNN classifier (no RNN kernel in ONNX Runtime 1.30\'s WebGPU provider)', () => {
  it('is refused with an UnsupportedOperatorError, not run on the CPU', async () => {
    const { bytes, f } = read('rnn-classifier');
    const error = await createTrainer({ model: bytes, loss: crossEntropy(), optimizer: sgd({ lr: 1 }), provider: 'webgpu' })
      .then(async (trainer) => trainer.step(batch(f)).finally(() => trainer.release()))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UnsupportedOperatorError);
    expect(String(error)).toMatch(/webgpu provider cannot run every node.*never falls back to the CPU/);
  });
});
