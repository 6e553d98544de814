// What the loss graph is made of, checked without ONNX Runtime: the frozen network embedded once
// with its weights as constants, only the part the layers need, the options recorded by name,
// and the errors of networks that cannot serve (training mode, a newer opset, several inputs, an
// operator without a gradient rule, a layer without the batch axis).
import { InvalidOptionError, UnsupportedOperatorError, applyLoss, buildLossGraph, buildLossModel, referenceLoss } from '@losskit/core';
import { GraphBuilder, attr, decodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { featureNames, perceptual } from '../src/index';
import { network, seeded, tinyVgg } from './support';

const ops = (plugin: ReturnType<typeof perceptual>, gradient = false) =>
  buildLossGraph(plugin, { dims: [2, 3, 8, 8], gradient }).graph.nodes.map((n) => n.op);
const count = (list: readonly string[], op: string) => list.filter((o) => o === op).length;

describe('the network in the loss graph', () => {
  it('lists the values PyTorch exported, named as torch.onnx.export names them', () => {
    expect(featureNames(tinyVgg)).toEqual(['/features.0/Conv_output_0', 'relu1', '/features.2/MaxPool_output_0', '/features.3/Conv_output_0', 'relu2']);
    expect(featureNames(decodeModel(tinyVgg))).toEqual(featureNames(tinyVgg));
  });

  it('runs prediction and target through the network once, as one batch of 2N images', () => {
    const forward = ops(perceptual({ model: tinyVgg }));
    expect([count(forward, 'Conv'), count(forward, 'Relu'), count(forward, 'MaxPool'), count(forward, 'Concat')]).toEqual([2, 2, 1, 1]);
  });

  it('embeds only the part of the network the layers need', () => {
    const forward = ops(perceptual({ model: tinyVgg, layers: ['relu1'] }));
    expect([count(forward, 'Conv'), count(forward, 'Relu'), count(forward, 'MaxPool')]).toEqual([1, 1, 0]);
  });

  it("keeps the network's weights as constants of the loss graph, never parameters", () => {
    const { graph } = buildLossGraph(perceptual({ model: tinyVgg }), { dims: [2, 3, 8, 8], gradient: true });
    const weights = graph.initializers.filter((t) => t.name.startsWith('perceptual/'));
    expect(weights.map((t) => t.dims)).toEqual([[4, 3, 3, 3], [4], [8, 4, 3, 3], [8]]);
    expect(graph.initializers.every((t) => t.trainable === false)).toBe(true);
  });

  it('records the options with the network by name, not its weights, in the model metadata', () => {
    const text = new TextDecoder().decode(buildLossModel(perceptual({ model: tinyVgg, layerWeights: [1, 0.5] }), { dims: [1, 3, 8, 8] }));
    expect(text).toContain('{"model":"ONNX network \\"torch_jit\\" (5 nodes, input \\"image\\")","distance":"mse()","layerWeights":[1,0.5],"normalize":"none"}');
  });

  it('keeps two perceptual losses in one graph apart', () => {
    const g = new GraphBuilder('two');
    const p = g.input('prediction', 'float32', [1, 3, 8, 8]);
    const t = g.input('target', 'float32', [1, 3, 8, 8]);
    const a = applyLoss(g, perceptual({ model: tinyVgg }), p, t);
    const b = applyLoss(g, perceptual({ model: tinyVgg, layers: ['relu1'] }), p, t);
    expect(g.add(a, b).shape).toEqual([1]);
    expect(count(g.nodes.map((n) => n.op), 'Conv')).toEqual(3);
  });
});

describe('networks perceptual refuses', () => {
  it('BatchNormalization in training mode: its batch statistics would mix prediction and target', () => {
    const model = network(3, (g, image) => {
      const [scale, bias, mean, variance] = [1, 0, 0, 1].map((v) => g.constant(new Float32Array(3).fill(v), 'float32', [3]));
      return { features: g.addNode('BatchNormalization', [image, scale, bias, mean, variance], { training_mode: attr.int(1) }, { outputCount: 1 })[0]! };
    });
    expect(() => perceptual({ model })).toThrowError(
      'Invalid option perceptual.model: expected a network in inference mode (exported after model.eval()), received BatchNormalization "BatchNormalization_0" in training mode',
    );
  });

  it('a network of an opset newer than the loss graph', () => {
    const model = network(3, (g, image) => ({ features: g.relu(image) }), 19);
    expect(() => perceptual({ model })).toThrowError(/^Invalid option perceptual\.model: expected a network in ONNX opset 18 or older .*, received opset 19$/);
  });

  it('a network with two inputs', () => {
    const g = new GraphBuilder('two-inputs');
    g.output(g.add(g.input('a', 'float32', [1, 3, 8, 8]), g.input('b', 'float32', [1, 3, 8, 8])), 'sum');
    expect(() => perceptual({ model: g.toModel() })).toThrowError('Invalid option perceptual.model: expected a network with one input (the images), received inputs "a", "b"');
  });

  it('an operator without a gradient rule: the network builds, its gradient does not', () => {
    const model = network(3, (g, image) => ({ features: g.addNode('ReduceProd', [g.conv(image, g.constant(seeded(27, 1), 'float32', [1, 3, 3, 3])), g.constant(new BigInt64Array([3n]), 'int64', [1])])[0]! }));
    expect(() => buildLossModel(perceptual({ model }), { dims: [2, 3, 8, 8] })).not.toThrow();
    expect(() => buildLossModel(perceptual({ model }), { dims: [2, 3, 8, 8], gradient: true })).toThrowError(UnsupportedOperatorError);
    expect(() => buildLossModel(perceptual({ model }), { dims: [2, 3, 8, 8], gradient: true })).toThrowError(/ReduceProd/);
  });

  it('a layer that mixes the batch axis into others', () => {
    const model = network(3, (g, image) => ({ flat: g.reshape(g.relu(image), [-1]) }));
    expect(() => buildLossModel(perceptual({ model }), { dims: [2, 3, 8, 8] })).toThrowError(InvalidOptionError);
    expect(() => buildLossModel(perceptual({ model }), { dims: [2, 3, 8, 8] })).toThrowError(
      'Invalid option perceptual.layers[0]: expected a value that keeps the batch axis first (4 images in, so 4 on axis 0), received "flat" of dims [768]',
    );
  });

  it("an operator the float64 reference does not evaluate: the loss builds, the tests' reference names it", () => {
    const model = network(3, (g, image) => ({ features: g.softplus(image) }));
    const plugin = perceptual({ model });
    expect(() => buildLossModel(plugin, { dims: [1, 3, 8, 8], gradient: true })).not.toThrow();
    const images = { data: new Float32Array(192), dims: [1, 3, 8, 8] };
    expect(() => referenceLoss(plugin, { prediction: images, target: images })).toThrowError(
      `perceptual's float64 reference (the ground truth of its tests) does not evaluate: Softplus ("Softplus_0")`,
    );
  });
});
