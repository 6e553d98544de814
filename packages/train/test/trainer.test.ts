import { InvalidOptionError } from '@losskit/core';
import { GraphBuilder, InvalidInputError, UnsupportedOperatorError, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { NonFiniteLossError, adam, createTrainer, sgd } from '../src/index';
import { featureModel, mse, seeded } from './support/models';
import { describeProviders, describeWithWebGpu } from './support/providers';

const N = 64;
const F = 4;
// A learnable target: y = sigmoid(2x - 0.5) per feature.
const inputs = { data: seeded(N * F, 3, -2, 2), dims: [N, F] };
const targets = { data: inputs.data.map((v) => 1 / (1 + Math.exp(-(2 * v - 0.5)))), dims: [N, F] };

describeProviders('trainer', (provider) => {
  it('fit lowers the loss and reports progress', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), optimizer: sgd({ lr: 2 }), provider });
    expect(trainer.provider).toBe(provider);
    const before = (await trainer.evaluate({ inputs, targets })).loss;
    const progress: number[] = [];
    const result = await trainer.fit({ inputs, targets }, { epochs: 10, batchSize: 16, onProgress: (p) => progress.push(p.step) });
    const after = (await trainer.evaluate({ inputs, targets })).loss;
    expect(result.steps).toBe(40);
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(after).toBeLessThan(before / 4);
    // evaluate() is the dataset mean of the elementwise loss: recompute it from predict().
    const predicted = await trainer.predict(inputs);
    expect(predicted.dims).toEqual([N, F]);
    const mean = predicted.data.reduce((s, p, i) => s + (p - targets.data[i]!) ** 2, 0) / (N * F);
    expect(Math.abs(mean - after)).toBeLessThan(1e-6);
    await trainer.release();
  });
});

describeWithWebGpu('cpu and webgpu agree', () => {
  it('gives the same losses and parameters for 5 steps', async () => {
    const run = async (provider: 'cpu' | 'webgpu') => {
      const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider });
      const { losses } = await trainer.fit({ inputs, targets }, { epochs: 1, batchSize: 16, seed: 7, maxSteps: 5 });
      const params = await trainer.parameters();
      await trainer.release();
      return { losses, params };
    };
    const cpu = await run('cpu');
    const gpu = await run('webgpu');
    cpu.losses.forEach((l, i) => expect(Math.abs(l - gpu.losses[i]!) / Math.max(1e-3, l)).toBeLessThan(1e-4));
    for (const name of Object.keys(cpu.params)) {
      cpu.params[name]!.forEach((v, i) => expect(Math.abs(v - gpu.params[name]![i]!)).toBeLessThan(1e-5));
    }
  });
});

describe('[node:cpu] trainer state', () => {
  it('stops on a non-finite loss, naming the step and keeping the last good parameters', async () => {
    const trainer = await createTrainer({ model: featureModel(F, true), loss: mse(), optimizer: sgd({ lr: 1e30 }), provider: 'cpu' });
    const batch = { input: inputs, target: targets };
    await trainer.step(batch);
    const good = await trainer.parameters();
    let thrown: unknown;
    for (let i = 0; i < 5 && !thrown; i++) {
      try {
        await trainer.step(batch);
        Object.assign(good, await trainer.parameters());
      } catch (error) {
        thrown = error;
      }
    }
    expect(thrown).toBeInstanceOf(NonFiniteLossError);
    const failedStep = (thrown as NonFiniteLossError).step;
    expect((thrown as Error).message).toMatch(new RegExp(`^The loss at step ${failedStep} is (NaN|Infinity)`));
    expect(trainer.steps).toBe(failedStep - 1);
    const kept = await trainer.parameters();
    expect(Array.from(kept.w!)).toEqual(Array.from(good.w!));
    await trainer.release();
  });

  it('exports an .onnx model that onnxruntime-node runs without losskit', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), optimizer: sgd({ lr: 1 }), provider: 'cpu' });
    await trainer.fit({ inputs, targets }, { epochs: 2, batchSize: 32 });
    const bytes = await trainer.exportOnnx();
    const expected = await trainer.predict(inputs);
    await trainer.release();
    const session = await ort.InferenceSession.create(bytes);
    // The batch dimension stays symbolic: any batch size runs.
    const out = await session.run({ x: new ort.Tensor('float32', inputs.data.slice(0, 3 * F), [3, F]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual(Array.from(expected.data.slice(0, 3 * F)));
    await session.release();
  });

  it('resumes from a checkpoint exactly where it stopped', async () => {
    const options = { model: featureModel(), loss: mse(), provider: 'cpu' as const };
    const batch = (i: number) => ({ input: { data: inputs.data.slice(i * 16 * F, (i + 1) * 16 * F), dims: [16, F] }, target: { data: targets.data.slice(i * 16 * F, (i + 1) * 16 * F), dims: [16, F] } });
    const first = await createTrainer(options);
    for (let i = 0; i < 3; i++) await first.step(batch(i));
    const checkpoint = await first.saveCheckpoint();
    await first.step(batch(3));
    const straight = await first.parameters();
    await first.release();

    const resumed = await createTrainer(options);
    await resumed.loadCheckpoint(checkpoint);
    expect(resumed.steps).toBe(3);
    await resumed.step(batch(3));
    expect(await resumed.parameters()).toEqual(straight);
    // A checkpoint for another optimizer is refused.
    const other = await createTrainer({ ...options, optimizer: sgd() });
    await expect(other.loadCheckpoint(checkpoint)).rejects.toThrowError('Invalid checkpoint: expected a checkpoint of the sgd optimizer, received one of adam');
    await resumed.release();
    await other.release();
  });

  it('accepts .onnx bytes as the model', async () => {
    const trainer = await createTrainer({ model: encodeModel(featureModel()), loss: mse(), provider: 'cpu' });
    expect(trainer.parameterNames).toEqual(['w', 'b']);
    expect(trainer.parameterCount).toBe(2 * F);
    await trainer.release();
  });
});

describe('await using', () => {
  it('releases a trainer at the end of the scope', async () => {
    let escaped: Awaited<ReturnType<typeof createTrainer>> | undefined;
    {
      await using trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
      escaped = trainer;
    }
    await expect(escaped.parameters()).rejects.toThrowError(/released/);
  });
});

describe('trainer errors', () => {
  it('lists operators that have no gradient rule', async () => {
    const g = new GraphBuilder('cos-model');
    const x = g.input('x', 'float32', [1, F]);
    const w = g.initializer('w', 'float32', [F], new Float32Array(F).fill(1));
    g.output(g.addNode('Cos', [g.mul(x, w)])[0]!, 'y');
    const trainer = await createTrainer({ model: g.toModel(), loss: mse(), provider: 'cpu' });
    await expect(trainer.step({ input: { data: new Float32Array(F), dims: [1, F] }, target: { data: new Float32Array(F), dims: [1, F] } })).rejects.toThrowError(
      new UnsupportedOperatorError(['Cos'], 'No gradient rule for operators on the path being differentiated', { Cos: ['Cos_1'] }),
    );
    await trainer.release();
  });

  it('rejects bad options and inputs with typed errors', async () => {
    await expect(createTrainer({ model: featureModel(), loss: mse } as never)).rejects.toThrowError(
      'Invalid option createTrainer.loss: expected a loss plugin such as mse() (call the factory), received the factory mse itself',
    );
    await expect(createTrainer({ model: featureModel() } as never)).rejects.toThrowError('Invalid option createTrainer.loss: expected a loss plugin such as l1(), received nothing (the option is required)');
    await expect(createTrainer({ model: featureModel(), loss: mse(), optimizer: adam } as never)).rejects.toThrowError(/createTrainer.optimizer: expected an optimizer such as adam\(\)/);
    await expect(createTrainer({ model: featureModel(), loss: mse(), epochs: 3 } as never)).rejects.toThrowError(InvalidOptionError);
    await expect(createTrainer({ model: featureModel(), loss: mse(), reduction: 'none' as never })).rejects.toThrowError(/reduction/);
    await expect(createTrainer({ model: new Uint8Array([1, 2, 3]), loss: mse() })).rejects.toThrowError(/ONNX/);
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    await expect(trainer.step({ input: { data: new Float32Array(6), dims: [2, 3] }, target: targets })).rejects.toThrowError(
      'Invalid batch.input.dims: expected [batch, 4] (the model\'s input "x"), received [2, 3]',
    );
    await expect(trainer.step({ input: { data: new Float32Array(8), dims: [2, 4] }, target: { data: new Float32Array(4), dims: [1, 4] } })).rejects.toThrowError(
      "Invalid batch.target.dims: expected [2, 4] (the model's output for this batch), received [1, 4]",
    );
    await expect(trainer.fit({ inputs, targets }, { batchSize: 100 })).rejects.toThrowError('Invalid option fit.batchSize: expected at most the number of examples (64), received 100');
    await expect(trainer.fit({ inputs, targets }, { epochs: 0 })).rejects.toThrowError('Invalid option fit.epochs: expected a positive integer, received 0');
    await expect(trainer.fit({ inputs, targets }, { epoch: 2 } as never)).rejects.toThrowError(/^Invalid option fit.epoch: expected a known option \(one of epochs, /);
    await expect(trainer.evaluate({ inputs, targets }, { batchSize: 1.5 })).rejects.toThrowError('Invalid option evaluate.batchSize: expected a positive integer, received 1.5');
    await expect(trainer.fit({ inputs, targets: { data: new Float32Array(4), dims: [1, 4] } })).rejects.toBeInstanceOf(InvalidInputError);
    expect(() => {
      trainer.learningRate = -1;
    }).toThrowError(InvalidOptionError);
    await trainer.release();
    await expect(trainer.step({ input: inputs, target: targets })).rejects.toThrowError(/released/);
  });
});
