import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { binaryClassifier, modelParameters, parameterCount, syntheticClasses } from '../src/index';
import { classifierReference } from './support/reference';
import { runCpu, specialise } from './support/onnx';

describe('binaryClassifier', () => {
  it('has the documented parameters, counted by hand', () => {
    const model = binaryClassifier();
    expect(modelParameters(model).map((p) => [p.name, p.dims])).toEqual([
      ['features.0.weight', [8, 3, 4, 4]],
      ['features.0.bias', [8]],
      ['features.1.weight', [16, 8, 4, 4]],
      ['features.1.bias', [16]],
      ['head.weight', [1, 1024]],
      ['head.bias', [1]],
    ]);
    // 384 + 8 + 2048 + 16 + 1024 + 1
    expect(parameterCount(model)).toBe(3481);
    expect(model.graph.inputs[0]!.shape).toEqual(['batch', 3, 32, 32]);
    expect(model.graph.outputs).toEqual([{ name: 'logit', dtype: 'float32', shape: ['batch', 1] }]);
    expect(new Set(model.graph.nodes.map((n) => n.op))).toEqual(new Set(['Conv', 'Relu', 'Flatten', 'Gemm']));
  });

  it('gives [batch, 1] logits equal to a float64 reference on ONNX Runtime', async () => {
    const model = binaryClassifier({ seed: 4 });
    const { images } = syntheticClasses({ count: 5, seed: 2 });
    const dims = [5, 3, 32, 32] as [number, number, number, number];
    const { logit } = await runCpu(specialise(model, 'image', dims), 'image', images.data, dims);
    expect(logit!.dims).toEqual([5, 1]);
    const expected = classifierReference(model, images.data, dims, [8, 16]);
    const got = logit!.data as Float32Array;
    for (let i = 0; i < 5; i++) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(1e-5);
  });

  it('validates its options', () => {
    expect(() => binaryClassifier({ size: 30 })).toThrow(InvalidOptionError);
    expect(() => binaryClassifier({ size: 30 })).toThrow('binaryClassifier.size');
    expect(() => binaryClassifier({ channels: 0 })).toThrow('Invalid option binaryClassifier.channels: expected a positive integer, received 0');
  });
});
