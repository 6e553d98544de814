import { InvalidOptionError } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { convAutoencoder, modelParameters, parameterCount, syntheticImages } from '../src/index';
import { autoencoderReference } from './support/reference';
import { runCpu, specialise } from './support/onnx';

const ALLOWED_OPS = new Set(['Conv', 'ConvTranspose', 'Resize', 'Relu', 'LeakyRelu', 'Sigmoid', 'Flatten', 'Reshape', 'Gemm', 'Add', 'Mul', 'Constant']);

function resizeModes(upsampling?: 'nearest' | 'linear' | 'transposed') {
  return convAutoencoder(upsampling ? { upsampling } : {}).graph.nodes.filter((n) => n.op === 'Resize').map((n) => n.attributes.mode);
}

function weights(seed: number): number[][] {
  return convAutoencoder({ seed }).graph.initializers.map((t) => Array.from(t.data as Float32Array));
}

describe('convAutoencoder', () => {
  it('has the parameters of the documented architecture, counted by hand', () => {
    const model = convAutoencoder();
    const params = modelParameters(model).map((p) => [p.name, p.dims]);
    expect(params).toEqual([
      ['encoder.0.weight', [16, 3, 4, 4]],
      ['encoder.0.bias', [16]],
      ['encoder.1.weight', [32, 16, 4, 4]],
      ['encoder.1.bias', [32]],
      ['encoder.code.weight', [6, 32, 3, 3]],
      ['encoder.code.bias', [6]],
      ['decoder.code.weight', [32, 6, 3, 3]],
      ['decoder.code.bias', [32]],
      ['decoder.0.weight', [16, 32, 3, 3]],
      ['decoder.0.bias', [16]],
      ['decoder.1.weight', [3, 16, 3, 3]],
      ['decoder.1.bias', [3]],
    ]);
    // 784 + 8224 (strided convs) + 1734 (code) + 1760 + 4624 + 435 (decoder)
    expect(parameterCount(model)).toBe(17_561);
    expect(model.graph.initializers.every((t) => t.dtype === 'float32')).toBe(true);
    // Every weight is a declared parameter; the one other initializer, Resize's scales (shared by
    // both decoder stages), is a constant that no trainer updates.
    const declared = model.graph.initializers.filter((t) => t.trainable === true).map((t) => t.name);
    expect(declared).toEqual(params.map(([name]) => name));
    const others = model.graph.initializers.filter((t) => t.trainable !== true);
    expect(others.map((t) => [t.trainable, t.dims, Array.from(t.data as Float32Array)])).toEqual([[false, [4], [1, 1, 2, 2]]]);
  });

  it('keeps a real bottleneck: the code is 6x8x8 = 384 values, one eighth of a 3x32x32 image', () => {
    const g = GraphBuilder.fromGraph(convAutoencoder().graph, { image: [1, 3, 32, 32] });
    const code = g.nodes.find((n) => n.name === 'encoder.code.Conv')!;
    const shape = g.value(code.outputs[0]!).shape;
    expect(shape).toEqual([1, 6, 8, 8]);
    expect(shape.reduce((a, b) => a * b, 1) * 8).toBe(3 * 32 * 32);
  });

  it('upsamples with Resize then a 3x3 Conv (linear by default, nearest on request), or ConvTranspose', () => {
    expect(resizeModes()).toEqual([{ type: 'string', value: 'linear' }, { type: 'string', value: 'linear' }]);
    expect(resizeModes('nearest')).toEqual([{ type: 'string', value: 'nearest' }, { type: 'string', value: 'nearest' }]);
    expect(resizeModes('transposed')).toEqual([]);
    expect(convAutoencoder({ upsampling: 'transposed' }).graph.nodes.filter((n) => n.op === 'ConvTranspose')).toHaveLength(2);
  });

  it('uses only the operators the autodiff package differentiates', () => {
    for (const activation of ['relu', 'leakyRelu'] as const) {
      for (const upsampling of ['nearest', 'linear', 'transposed'] as const) {
        const ops = new Set(convAutoencoder({ activation, upsampling }).graph.nodes.map((n) => n.op));
        for (const op of ops) expect(ALLOWED_OPS, op).toContain(op);
      }
    }
  });

  it('declares a symbolic batch on its input and output', () => {
    const { graph } = convAutoencoder({ channels: 1, size: 16, widths: [8, 8] });
    expect(graph.inputs).toEqual([{ name: 'image', dtype: 'float32', shape: ['batch', 1, 16, 16] }]);
    expect(graph.outputs).toEqual([{ name: 'reconstruction', dtype: 'float32', shape: ['batch', 1, 16, 16] }]);
  });

  it('specialises to any batch size with GraphBuilder.fromGraph, as the README shows', () => {
    const model = convAutoencoder();
    for (const batch of [1, 32, 5]) {
      const g = GraphBuilder.fromGraph(model.graph, { image: [batch, 3, 32, 32] });
      expect(g.value('reconstruction').shape).toEqual([batch, 3, 32, 32]);
    }
    expect(() => GraphBuilder.fromGraph(model.graph)).toThrow('concrete dims for input "image" (declared [batch, 3, 32, 32])');
  });

  it('matches a float64 PyTorch-semantics forward pass on ONNX Runtime after specialising the batch', async () => {
    for (const upsampling of ['linear', 'nearest'] as const) {
      const options = { size: 8, widths: [4, 6], bottleneck: 5, seed: 3 };
      const model = convAutoencoder({ ...options, upsampling });
      const images = syntheticImages({ count: 3, size: 8, seed: 1 });
      const dims = [3, 3, 8, 8] as [number, number, number, number];
      const { reconstruction } = await runCpu(specialise(model, 'image', dims), 'image', images.data, dims);
      expect(reconstruction!.dims).toEqual(dims);
      const expected = autoencoderReference(model, images.data, dims, options.widths, options.bottleneck, 0.2, upsampling);
      const got = reconstruction!.data as Float32Array;
      for (let i = 0; i < expected.length; i++) expect(Math.abs(got[i]! - expected[i]!), `${upsampling} element ${i}`).toBeLessThan(1e-5);
    }
  });

  it('runs the default model at batch 32 with outputs in [0, 1], equal to the same images run one by one', async () => {
    const model = convAutoencoder();
    const images = syntheticImages({ count: 32, seed: 5 });
    const { reconstruction } = await runCpu(specialise(model, 'image', [32, 3, 32, 32]), 'image', images.data, [32, 3, 32, 32]);
    expect(reconstruction!.dims).toEqual([32, 3, 32, 32]);
    const out = reconstruction!.data as Float32Array;
    expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The symbolic model runs any batch size directly; sample 7 alone gives the same result.
    const sample = images.data.subarray(7 * 3072, 8 * 3072);
    const single = await runCpu(encodeModel(model), 'image', sample, [1, 3, 32, 32]);
    const one = single.reconstruction!.data as Float32Array;
    for (let i = 0; i < 3072; i += 97) expect(one[i]).toBeCloseTo(out[7 * 3072 + i]!, 5);
    // And it agrees with the float64 reference.
    const expected = autoencoderReference(model, sample, [1, 3, 32, 32], [16, 32], 6);
    for (let i = 0; i < 3072; i++) expect(Math.abs(one[i]! - expected[i]!)).toBeLessThan(1e-5);
  });

  it('uses LeakyRelu (slope 0.2) by default and ReLU on request, both matching the float64 reference', async () => {
    const options = { size: 16, widths: [8], bottleneck: 4, seed: 2 };
    const images = syntheticImages({ count: 2, size: 16 });
    const dims = [2, 3, 16, 16] as [number, number, number, number];
    for (const [activation, alpha] of [['leakyRelu', 0.2], ['relu', 0]] as const) {
      const model = activation === 'leakyRelu' ? convAutoencoder(options) : convAutoencoder({ ...options, activation });
      const op = activation === 'leakyRelu' ? 'LeakyRelu' : 'Relu';
      expect(model.graph.nodes.filter((n) => n.op === op)).toHaveLength(2);
      const { reconstruction } = await runCpu(specialise(model, 'image', dims), 'image', images.data, dims);
      const expected = autoencoderReference(model, images.data, dims, options.widths, options.bottleneck, alpha);
      const got = reconstruction!.data as Float32Array;
      for (let i = 0; i < expected.length; i++) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(1e-5);
    }
    expect(convAutoencoder().graph.nodes.filter((n) => n.op === 'LeakyRelu').map((n) => n.attributes.alpha)).toEqual(
      Array.from({ length: 4 }, () => ({ type: 'float', value: 0.2 })),
    );
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = modelParameters(convAutoencoder({ seed: 1 }));
    expect(weights(1)).toEqual(weights(1));
    const [w1, w2] = [weights(1), weights(2)];
    expect(w1[0]).not.toEqual(w2[0]);
    expect(a.length).toBe(12);
  });

  it('rejects bad options with the option named', () => {
    expect(() => convAutoencoder({ size: 34 })).toThrow(InvalidOptionError);
    expect(() => convAutoencoder({ size: 34 })).toThrow(
      'Invalid option convAutoencoder.size: expected a multiple of 4 (2 ** widths.length, one halving per width), received 34',
    );
    expect(() => convAutoencoder({ upsampling: 'cubic' as 'linear' })).toThrow('expected one of "nearest", "linear", "transposed", received "cubic"');
    expect(() => convAutoencoder({ widths: [] })).toThrow('Invalid option convAutoencoder.widths: expected a non-empty array, each a positive integer, received []');
    expect(() => convAutoencoder({ widths: [16, 0] })).toThrow('Invalid option convAutoencoder.widths[1]: expected a positive integer, received 0');
    expect(() => convAutoencoder({ bottleneck: 1.5 })).toThrow('convAutoencoder.bottleneck');
    expect(() => convAutoencoder({ seed: 0.5 })).toThrow('convAutoencoder.seed');
    expect(() => convAutoencoder({ activation: 'tanh' as 'relu' })).toThrow('expected one of "relu", "leakyRelu", received "tanh"');
    expect(() => convAutoencoder({ chanels: 3 } as object)).toThrow('Invalid option convAutoencoder.chanels');
  });
});
