// lowerSmallImageConv: an ungrouped Conv with output images of at most 64 cells as an im2col
// product and one MatMul over the batch, a depthwise one on at most 16 cells as one product per
// channel. Its values and its gradients (differentiated by autodiff from the lowered ops) must
// equal ONNX Runtime's Conv and the Conv's gradient rules, for the layer shapes of resnet18's,
// mobilenet_v2's and efficientnet_b0's later stages at 64x64; other Convs keep the Conv.
import { GRADIENT_DOMAIN, gradients } from '@losskit/autodiff';
import { GraphBuilder, type Node, type Value, attr, encodeModel } from '@losskit/graph';
import { createModelSession, providerCapabilities } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { lowerSmallImageConv } from '../src/small-image-conv';
import { seeded } from './support/models';

interface Layer {
  readonly name: string;
  readonly x: readonly [number, number, number, number];
  readonly out: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pads: readonly [number, number, number, number];
  readonly bias: boolean;
  /** Depthwise: one group per channel. */
  readonly depthwise?: boolean;
}

const layers: readonly Layer[] = [
  { name: '2x2 images, 3x3 kernel, pad 1 (resnet18 layer4)', x: [3, 6, 2, 2], out: 5, kernel: 3, stride: 1, pads: [1, 1, 1, 1], bias: false },
  { name: '4x4 to 2x2, 3x3 kernel, stride 2 (layer4.0.conv1)', x: [2, 4, 4, 4], out: 16, kernel: 3, stride: 2, pads: [1, 1, 1, 1], bias: true },
  { name: '4x4 to 2x2, 1x1 kernel, stride 2 (layer4.0.downsample)', x: [2, 4, 4, 4], out: 17, kernel: 1, stride: 2, pads: [0, 0, 0, 0], bias: false },
  { name: '3x3 to 1x2, 2x2 kernel, asymmetric pads, with bias', x: [2, 3, 3, 3], out: 9, kernel: 2, stride: 2, pads: [0, 1, 0, 0], bias: true },
  { name: '8x8 images, 3x3 kernel, pad 1 (resnet18 layer2)', x: [2, 3, 8, 8], out: 64, kernel: 3, stride: 1, pads: [1, 1, 1, 1], bias: false },
  { name: '4x4 images, 1x1 kernel (pointwise: no im2col product)', x: [3, 5, 4, 4], out: 2, kernel: 1, stride: 1, pads: [0, 0, 0, 0], bias: true },
  { name: 'depthwise, 2x2 images, 3x3 kernel, pad 1 (mobilenet_v2)', x: [3, 6, 2, 2], out: 6, kernel: 3, stride: 1, pads: [1, 1, 1, 1], bias: false, depthwise: true },
  { name: 'depthwise, 4x4 images, 3x3 kernel, pad 1, with bias', x: [2, 5, 4, 4], out: 5, kernel: 3, stride: 1, pads: [1, 1, 1, 1], bias: true, depthwise: true },
  { name: 'depthwise, 4x4 to 2x2, 5x5 kernel, stride 2 (efficientnet_b0)', x: [2, 7, 4, 4], out: 7, kernel: 5, stride: 2, pads: [2, 2, 2, 2], bias: false, depthwise: true },
];

function convNode(inputs: readonly Value[], attributes: Node['attributes']): Node {
  return { op: 'Conv', domain: '', name: 'conv', inputs: inputs.map((v) => v.name), outputs: ['y'], attributes };
}

/** The layer's output and the gradients of Σ y·r (r fixed) w.r.t. x, w and the bias, on cpu. */
async function run(layer: Layer, lowered: boolean): Promise<Record<string, Float32Array>> {
  const [n, c, h, w] = layer.x;
  const g = new GraphBuilder('conv');
  const x = g.input('x', 'float32', layer.x);
  const perGroup = layer.depthwise ? 1 : c;
  const weight = g.input('w', 'float32', [layer.out, perGroup, layer.kernel, layer.kernel]);
  const bias = layer.bias ? g.input('b', 'float32', [layer.out]) : undefined;
  const inputs: Value[] = bias ? [x, weight, bias] : [x, weight];
  const attributes = {
    kernel_shape: attr.ints([layer.kernel, layer.kernel]),
    strides: attr.ints([layer.stride, layer.stride]),
    pads: attr.ints(layer.pads),
    ...(layer.depthwise ? { group: attr.int(c) } : {}),
  };
  const y = lowered ? lowerSmallImageConv(g, convNode(inputs, attributes), inputs)![0]! : g.addNode('Conv', inputs, attributes)[0]!;
  const r = g.input('r', 'float32', y.shape);
  const grads = gradients(g, g.reduceSum(g.mul(y, r), { keepdims: false }), inputs, { rules: providerCapabilities('cpu').gradientRules });
  g.output(y, 'y');
  grads.forEach((d, i) => g.output(d, `d${inputs[i]!.name}`));
  const session = await createModelSession(encodeModel(g.toModel()), { provider: 'cpu' });
  const feeds: Record<string, { data: Float32Array; dims: readonly number[] }> = {
    x: { data: seeded(n * c * h * w, 1, -1, 1), dims: layer.x },
    w: { data: seeded(layer.out * perGroup * layer.kernel ** 2, 2, -1, 1), dims: [layer.out, perGroup, layer.kernel, layer.kernel] },
    r: { data: seeded(y.shape.reduce((a, b) => a * b, 1), 4, -1, 1), dims: y.shape },
  };
  if (bias) feeds.b = { data: seeded(layer.out, 3, -1, 1), dims: [layer.out] };
  const out = await session.run(feeds);
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float32Array.from(v.data as Float32Array)]));
}

/** A depthwise 3x3 Conv on 4x4 images, lowered for training or for evaluation. */
function depthwiseLowered(differentiable: boolean) {
  const g = new GraphBuilder('depthwise');
  const inputs = [g.input('x', 'float32', [2, 4, 4, 4]), g.input('w', 'float32', [4, 1, 3, 3])];
  const attributes = { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), group: attr.int(4) };
  g.output(lowerSmallImageConv(g, convNode(inputs, attributes), inputs, differentiable)![0]!, 'y');
  return g.toModel();
}

describe('lowerSmallImageConv', () => {
  for (const layer of layers) {
    it(`${layer.name}: the Conv's values and gradients`, async () => {
      const [conv, product] = [await run(layer, false), await run(layer, true)];
      expect(Object.keys(product).toSorted()).toEqual(Object.keys(conv).toSorted());
      for (const [name, expected] of Object.entries(conv)) {
        expect(product[name]!.length, name).toBe(expected.length);
        const worst = Math.max(...Array.from(expected, (e, i) => Math.abs(e - product[name]![i]!)));
        // Sums of at most 54 products of values below 1 in another order: float32 rounding.
        expect(worst, name).toBeLessThanOrEqual(1e-5);
      }
    });
  }

  it('leaves out the depthwise gradient where nothing differentiates (evaluation graphs)', () => {
    const [training, evaluation] = [depthwiseLowered(true), depthwiseLowered(false)];
    expect(training.functions.map((f) => f.domain)).toContain(GRADIENT_DOMAIN);
    expect(evaluation.functions).toEqual([]);
    // The patterns and index the gradient reads are not made either.
    expect(evaluation.graph.initializers.length).toBeLessThan(training.graph.initializers.length);
  });

  it('keeps the Conv for output images over 64 cells, fewer output channels than input pixels, an im2col matrix over 65536 values, grouped Convs but depthwise ones up to 4x4, dilations and auto_pad', () => {
    const g = new GraphBuilder('keep');
    const base = { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) };
    const small = [g.input('x', 'float32', [1, 4, 2, 2]), g.input('w', 'float32', [4, 4, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(small, base), small)).toHaveLength(1);
    const eight = [g.input('x8', 'float32', [1, 4, 8, 8]), g.input('w8', 'float32', [64, 4, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(eight, base), eight)).toHaveLength(1);
    // 64 pixels and 63 output channels: the im2col product would cost more than the Conv.
    const narrow = [g.input('x9', 'float32', [1, 4, 8, 8]), g.input('w9', 'float32', [63, 4, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(narrow, base), narrow)).toBeUndefined();
    // A 1x1 kernel over every pixel needs no product, whatever its channels.
    const pointwise = [g.input('x10', 'float32', [1, 4, 8, 8]), g.input('w10', 'float32', [2, 4, 1, 1])];
    expect(lowerSmallImageConv(g, convNode(pointwise, { kernel_shape: attr.ints([1, 1]) }), pointwise)).toHaveLength(1);
    const large = [g.input('x2', 'float32', [1, 4, 9, 9]), g.input('w2', 'float32', [4, 4, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(large, base), large)).toBeUndefined();
    // 16x16 to 8x8 at stride 2: 64 output cells, but a [256, 576] im2col matrix.
    const strided = [g.input('x4', 'float32', [1, 4, 16, 16]), g.input('w4', 'float32', [512, 4, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(strided, { ...base, strides: attr.ints([2, 2]) }), strided)).toBeUndefined();
    const grouped = [g.input('x3', 'float32', [1, 4, 2, 2]), g.input('w3', 'float32', [4, 2, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(grouped, { ...base, group: attr.int(2) }), grouped)).toBeUndefined();
    // Depthwise: up to 4x4 output images (a 4x4 one is rewritten above), not 8x8.
    const depthwise8 = [g.input('x11', 'float32', [1, 4, 8, 8]), g.input('w11', 'float32', [4, 1, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(depthwise8, { ...base, group: attr.int(4) }), depthwise8)).toBeUndefined();
    const depthwise4 = [g.input('x12', 'float32', [1, 4, 4, 4]), g.input('w12', 'float32', [4, 1, 3, 3])];
    expect(lowerSmallImageConv(g, convNode(depthwise4, { ...base, group: attr.int(4) }), depthwise4)).toHaveLength(1);
    expect(lowerSmallImageConv(g, convNode(small, { ...base, dilations: attr.ints([2, 2]) }), small)).toBeUndefined();
    expect(lowerSmallImageConv(g, convNode(small, { kernel_shape: attr.ints([3, 3]), auto_pad: attr.string('SAME_UPPER') }), small)).toBeUndefined();
  });
});
