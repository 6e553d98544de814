// The class-index classifiers: parameters counted by hand, and forward passes on ONNX Runtime
// compared with float64 forward passes written from PyTorch's layer definitions.
import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { cnnClassifier, digits, mlpClassifier, modelParameters, parameterCount } from '../src/index';
import { cnnReference, mlpReference } from './support/reference';
import { runCpu, specialise } from './support/onnx';

const BATCH = 6;
const dims: [number, number, number, number] = [BATCH, 1, 8, 8];
const images = digits().images.data.subarray(0, BATCH * 64);

function expectClose(got: Float32Array, expected: Float64Array): void {
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `logit ${i}`).toBeLessThan(1e-5));
}

describe('mlpClassifier', () => {
  it('has the documented parameters, counted by hand, and [batch, 10] logits', () => {
    const model = mlpClassifier();
    expect(modelParameters(model).map((p) => [p.name, p.dims])).toEqual([
      ['hidden.0.weight', [128, 64]],
      ['hidden.0.bias', [128]],
      ['head.weight', [10, 128]],
      ['head.bias', [10]],
    ]);
    // 64 * 128 + 128 + 128 * 10 + 10
    expect(parameterCount(model)).toBe(9610);
    expect(model.graph.inputs[0]!.shape).toEqual(['batch', 1, 8, 8]);
    expect(model.graph.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: ['batch', 10] }]);
    expect(new Set(model.graph.nodes.map((n) => n.op))).toEqual(new Set(['Flatten', 'Gemm', 'Relu']));
  });

  it('gives logits equal to a float64 reference on ONNX Runtime, with two hidden layers too', async () => {
    for (const options of [{ seed: 3 }, { seed: 5, hidden: [32, 16], classes: 4 }]) {
      const model = mlpClassifier(options);
      const hidden = options.hidden ?? [128];
      const classes = options.classes ?? 10;
      const { logits } = await runCpu(specialise(model, 'image', dims), 'image', images, dims);
      expect(logits!.dims).toEqual([BATCH, classes]);
      expectClose(logits!.data as Float32Array, mlpReference(model, images, dims, hidden, classes));
    }
  });

  it('is a linear classifier without hidden layers', () => {
    const model = mlpClassifier({ hidden: [], channels: 3, size: 4, classes: 2 });
    expect(modelParameters(model).map((p) => [p.name, p.dims])).toEqual([
      ['head.weight', [2, 48]],
      ['head.bias', [2]],
    ]);
  });

  it('validates its options', () => {
    expect(() => mlpClassifier({ classes: 1 })).toThrowError('Invalid option mlpClassifier.classes: expected an integer >= 2, received 1');
    expect(() => mlpClassifier({ hidden: [0] })).toThrowError(InvalidOptionError);
    expect(() => mlpClassifier({ hidden: [0] })).toThrowError('mlpClassifier.hidden[0]');
    expect(() => mlpClassifier({ depth: 2 } as never)).toThrowError(InvalidOptionError);
  });
});

describe('cnnClassifier', () => {
  it('has the documented parameters, counted by hand, and [batch, 10] logits', () => {
    const model = cnnClassifier();
    expect(modelParameters(model).map((p) => [p.name, p.dims])).toEqual([
      ['features.0.weight', [16, 1, 3, 3]],
      ['features.0.bias', [16]],
      ['features.1.weight', [32, 16, 3, 3]],
      ['features.1.bias', [32]],
      ['head.weight', [10, 128]],
      ['head.bias', [10]],
    ]);
    // 144 + 16 + 4608 + 32 + 1280 + 10: after two poolings 8x8 is 2x2, so the head sees 32 * 4 features.
    expect(parameterCount(model)).toBe(6090);
    expect(model.graph.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: ['batch', 10] }]);
    expect(new Set(model.graph.nodes.map((n) => n.op))).toEqual(new Set(['Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm']));
    // One output per MaxPool: no Indices.
    for (const node of model.graph.nodes.filter((n) => n.op === 'MaxPool')) expect(node.outputs.length).toBe(1);
  });

  it('gives logits equal to a float64 reference on ONNX Runtime', async () => {
    const model = cnnClassifier({ seed: 7 });
    const { logits } = await runCpu(specialise(model, 'image', dims), 'image', images, dims);
    expect(logits!.dims).toEqual([BATCH, 10]);
    expectClose(logits!.data as Float32Array, cnnReference(model, images, dims, [16, 32], 10));
  });

  it('validates its options', () => {
    expect(() => cnnClassifier({ size: 6 })).toThrowError('Invalid option cnnClassifier.size: expected a multiple of 4 (2 ** widths.length, one halving per width), received 6');
    expect(() => cnnClassifier({ widths: [] })).toThrowError('cnnClassifier.widths');
    expect(() => cnnClassifier({ classes: 2.5 })).toThrowError('cnnClassifier.classes');
  });
});
