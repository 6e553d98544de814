// Training with class labels: batches take integer targets (Int32Array or BigInt64Array) for a
// loss over class indices, checked like loss sessions check them, and the step's graph is the
// loss graph computeLoss runs. One SGD step of a linear classifier with crossEntropy is compared
// with the float64 update written out by hand here: dL/dW = (softmax(xWᵀ + b) - onehot(y))ᵀ x / K.
import { InvalidOptionError, defineLossPlugin } from '@losskit/core';
import { GraphBuilder, type Model } from '@losskit/graph';
import { crossEntropy } from '@losskit/loss-cross-entropy';
import { describe, expect, it } from 'vitest';
import { createTrainer, sgd } from '../src/index';
import { describeProviders } from './support/providers';

const D = 3;
const C = 4;
const w0 = Array.from({ length: C * D }, (_, i) => Math.fround(0.3 * Math.sin(i + 1)));
const b0 = Array.from({ length: C }, (_, i) => Math.fround(0.1 * (i - 1)));
const x = Float32Array.of(1, -2, 0.5, 0.25, 3, -1, -1.5, 0.5, 2, 0, 1, 1);
const N = x.length / D;
// The third label is ignored: it adds no loss, no gradient, and does not count in the mean.
const labels = [2, 0, -100, 3];

/** logits = x Wᵀ + b with W [C, D]. */
function linearClassifier(): Model {
  const g = new GraphBuilder('linear-classifier');
  const input = g.input('x', 'float32', [N, D]);
  const w = g.initializer('w', 'float32', [C, D], Float32Array.from(w0));
  const b = g.initializer('b', 'float32', [C], Float32Array.from(b0));
  g.output(g.gemm(input, w, b, { transB: true }), 'logits');
  const model = g.toModel();
  return { ...model, graph: { ...model.graph, inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', D] }], outputs: [{ name: 'logits', dtype: 'float32', shape: ['batch', C] }] } };
}

/** The SGD update of W and b in float64, and the mean cross-entropy before it. */
function expectedStep(lr: number): { w: number[]; b: number[]; loss: number } {
  const kept = labels.filter((y) => y !== -100).length;
  const gw = new Array<number>(C * D).fill(0);
  const gb = new Array<number>(C).fill(0);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    const y = labels[n]!;
    if (y === -100) continue;
    const logits = Array.from({ length: C }, (_, c) => b0[c]! + Array.from({ length: D }, (_, d) => w0[c * D + d]! * x[n * D + d]!).reduce((a, v) => a + v, 0));
    const max = Math.max(...logits);
    const sum = logits.reduce((a, z) => a + Math.exp(z - max), 0);
    loss += -(logits[y]! - max - Math.log(sum)) / kept;
    for (let c = 0; c < C; c++) {
      const g = (Math.exp(logits[c]! - max) / sum - (c === y ? 1 : 0)) / kept;
      gb[c]! += g;
      for (let d = 0; d < D; d++) gw[c * D + d]! += g * x[n * D + d]!;
    }
  }
  return { w: w0.map((v, i) => v - lr * gw[i]!), b: b0.map((v, i) => v - lr * gb[i]!), loss };
}

describeProviders('training on class labels', (provider) => {
  for (const [kind, target] of [
    ['Int32Array', Int32Array.from(labels)],
    ['BigInt64Array', BigInt64Array.from(labels, BigInt)],
  ] as const) {
    it(`one SGD step with crossEntropy on ${kind} labels matches the float64 update`, async () => {
      const trainer = await createTrainer({ model: linearClassifier(), loss: crossEntropy(), optimizer: sgd({ lr: 0.5 }), provider });
      try {
        const expected = expectedStep(0.5);
        const { loss } = await trainer.step({ input: { data: x, dims: [N, D] }, target: { data: target, dims: [N] } });
        expect(Math.abs(loss - expected.loss)).toBeLessThan(1e-6);
        const params = await trainer.parameters();
        params.w!.forEach((v, i) => expect(Math.abs(v - expected.w[i]!), `w[${i}]`).toBeLessThan(1e-6));
        params.b!.forEach((v, i) => expect(Math.abs(v - expected.b[i]!), `b[${i}]`).toBeLessThan(1e-6));
      } finally {
        await trainer.release();
      }
    });
  }

  it('fits and evaluates on integer labels, and refuses labels out of range before running', async () => {
    const trainer = await createTrainer({ model: linearClassifier(), loss: crossEntropy(), optimizer: sgd({ lr: 0.5 }), provider });
    try {
      const data = { inputs: { data: x, dims: [N, D] }, targets: { data: Int32Array.of(2, 0, 1, 3), dims: [N] } };
      const before = (await trainer.evaluate(data)).loss;
      const fit = await trainer.fit(data, { epochs: 20, batchSize: N, shuffle: false });
      expect(fit.steps).toBe(20);
      expect((await trainer.evaluate(data)).loss).toBeLessThan(before);
      await expect(trainer.step({ input: { data: x, dims: [N, D] }, target: { data: Int32Array.of(2, 0, 4, 3), dims: [N] } })).rejects.toThrowError(
        'Invalid batch.target.data[2]: expected a class index in [0, 3] or the ignore index -100, received 4',
      );
      await expect(trainer.step({ input: { data: x, dims: [N, D] }, target: { data: Float32Array.of(2, 0, 1, 3), dims: [N] } })).rejects.toThrowError(
        /Invalid batch\.target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array/,
      );
      // The refused calls changed nothing: training goes on.
      await trainer.step({ input: { data: x, dims: [N, D] }, target: { data: Int32Array.of(2, 0, 1, 3), dims: [N] } });
    } finally {
      await trainer.release();
    }
  });
});

describe('losses a trainer cannot take', () => {
  it('refuses a loss without one target, naming what it takes', async () => {
    const triplet = defineLossPlugin({
      name: 'pair-gap',
      description: 'p - positive',
      options: {},
      create: () => ({
        inputs: { positive: { type: 'float', description: 'the positive' } },
        elementwise: (g, p, _t, inputs) => g.sub(p, inputs.positive!),
        reference: (p, _t, inputs) => ({ data: p.data.map((v, i) => v - inputs.positive!.data[i]!), dims: p.dims }),
      }),
    });
    await expect(createTrainer({ model: linearClassifier(), loss: triplet(), optimizer: sgd({ lr: 0.1 }), provider: 'cpu' })).rejects.toThrowError(InvalidOptionError);
    await expect(createTrainer({ model: linearClassifier(), loss: triplet(), optimizer: sgd({ lr: 0.1 }), provider: 'cpu' })).rejects.toThrowError(
      /createTrainer\.loss.*pair-gap\(\), which takes positive/,
    );
  });

  it('refuses a regularizer without any input (total variation), saying it takes no target', async () => {
    const roughness = defineLossPlugin({
      name: 'roughness',
      description: 'p²',
      options: {},
      create: () => ({
        inputs: {},
        elementwise: (g, p) => g.mul(p, p),
        reference: (p) => ({ data: p.data.map((v) => v * v), dims: p.dims }),
      }),
    });
    await expect(createTrainer({ model: linearClassifier(), loss: roughness(), optimizer: sgd({ lr: 0.1 }), provider: 'cpu' })).rejects.toThrowError(
      /^Invalid option createTrainer\.loss: expected a loss of the model output and one target .*received roughness\(\), which takes no target/,
    );
  });
});
