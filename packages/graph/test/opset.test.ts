// Models written against older opsets: ONNX Runtime runs each original model (it implements every
// opset), and the model upgraded to opset 18 must compute the same values and have the same
// shapes as losskit infers them. ONNX Runtime is the reference; nothing here is computed by the
// code under test.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  type Attribute,
  GraphBuilder,
  MAX_OPSET,
  ModelFormatError,
  type Model,
  type Node,
  attr,
  decodeModel,
  encodeModel,
  upgradeModel,
} from '../src/index';

const X_DIMS = [2, 3, 4, 4];

function seeded(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

async function run(bytes: Uint8Array, x: Float32Array): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 });
  try {
    return (await session.run({ x: new ort.Tensor('float32', x, X_DIMS) })).y!;
  } finally {
    await session.release();
  }
}

interface OldNode {
  readonly op: string;
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
  readonly attributes?: Record<string, Attribute>;
}

/** A model of raw nodes at `opset`: input x [2, 3, 4, 4], output y (shape undeclared). */
function oldModel(opset: number, nodes: readonly OldNode[], initializers: Model['graph']['initializers'] = []): Model {
  const full: Node[] = nodes.map((n, i) => ({
    op: n.op,
    domain: '',
    name: `n${i}`,
    inputs: [...(n.inputs ?? [i === 0 ? 'x' : `v${i - 1}`])],
    outputs: [...(n.outputs ?? [i === nodes.length - 1 ? 'y' : `v${i}`])],
    attributes: n.attributes ?? {},
  }));
  return {
    irVersion: 7,
    opsetImports: [{ domain: '', version: opset }],
    producerName: 'test',
    producerVersion: '',
    domain: '',
    modelVersion: 0,
    docString: '',
    graph: {
      name: `opset${opset}`,
      nodes: full,
      inputs: [{ name: 'x', dtype: 'float32', shape: X_DIMS }],
      outputs: [{ name: 'y', dtype: 'float32', shape: undefined }],
      initializers,
      valueInfo: [],
    },
    functions: [],
    metadata: {},
  };
}

const cases: [string, Model][] = [
  ['ReduceMean axes attribute (opset 13)', oldModel(13, [{ op: 'ReduceMean', attributes: { axes: attr.ints([1, 3]), keepdims: attr.int(0) } }])],
  ['ReduceMax axes attribute (opset 17)', oldModel(17, [{ op: 'ReduceMax', attributes: { axes: attr.ints([-1]) } }])],
  ['ReduceSum axes attribute (opset 11)', oldModel(11, [{ op: 'ReduceSum', attributes: { axes: attr.ints([0]) } }])],
  ['Unsqueeze then Squeeze axes attributes (opset 11)', oldModel(11, [{ op: 'Unsqueeze', attributes: { axes: attr.ints([0, 3]) } }, { op: 'Squeeze', attributes: { axes: attr.ints([0]) } }])],
  [
    'Split attribute (opset 11)',
    oldModel(11, [
      { op: 'Split', outputs: ['a', 'b'], attributes: { axis: attr.int(1), split: attr.ints([1, 2]) } },
      { op: 'Mul', inputs: ['b', 'b'], outputs: ['y'] },
    ]),
  ],
  [
    'Split into equal parts (opset 13)',
    oldModel(13, [
      { op: 'Split', outputs: ['a', 'b'], attributes: { axis: attr.int(2) } },
      { op: 'Sub', inputs: ['a', 'b'], outputs: ['y'] },
    ]),
  ],
  ['Slice attributes (opset 9)', oldModel(9, [{ op: 'Slice', attributes: { starts: attr.ints([1, 0]), ends: attr.ints([3, -1]), axes: attr.ints([1, 3]) } }])],
  ['Clip attributes (opset 10)', oldModel(10, [{ op: 'Clip', attributes: { min: attr.float(-0.2), max: attr.float(0.3) } }])],
  ['Pad attributes (opset 10)', oldModel(10, [{ op: 'Pad', attributes: { pads: attr.ints([0, 0, 1, 2, 0, 0, 2, 1]), value: attr.float(0.5) } }])],
  ['Upsample nearest, scales attribute (opset 7)', oldModel(7, [{ op: 'Upsample', attributes: { mode: attr.string('nearest'), scales: attr.floats([1, 1, 2, 3]) } }])],
  [
    'Upsample linear, scales input (opset 9)',
    oldModel(9, [{ op: 'Upsample', inputs: ['x', 's'], attributes: { mode: attr.string('linear') } }], [
      { name: 's', dtype: 'float32', dims: [4], data: Float32Array.of(1, 1, 2, 2) },
    ]),
  ],
  [
    'Resize-10 nearest',
    oldModel(10, [{ op: 'Resize', inputs: ['x', 's'], attributes: { mode: attr.string('nearest') } }], [
      { name: 's', dtype: 'float32', dims: [4], data: Float32Array.of(1, 1, 2, 2) },
    ]),
  ],
  ['Softmax axis 1 over flattened axes (opset 11)', oldModel(11, [{ op: 'Softmax' }])],
  ['LogSoftmax axis 2 (opset 12)', oldModel(12, [{ op: 'LogSoftmax', attributes: { axis: attr.int(2) } }])],
  ['Dropout ratio attribute (opset 10)', oldModel(10, [{ op: 'Dropout', attributes: { ratio: attr.float(0.3) } }])],
  [
    'BatchNormalization inference, spatial attribute (opset 7)',
    oldModel(7, [{ op: 'BatchNormalization', inputs: ['x', 'scale', 'bias', 'mean', 'var'], attributes: { spatial: attr.int(1), epsilon: attr.float(1e-3) } }], [
      { name: 'scale', dtype: 'float32', dims: [3], data: Float32Array.of(1, 2, 0.5) },
      { name: 'bias', dtype: 'float32', dims: [3], data: Float32Array.of(0, 0.1, -0.1) },
      { name: 'mean', dtype: 'float32', dims: [3], data: Float32Array.of(0.1, -0.1, 0) },
      { name: 'var', dtype: 'float32', dims: [3], data: Float32Array.of(1, 0.5, 2) },
    ]),
  ],
];

describe('models of older opsets, upgraded to opset 18', () => {
  const x = seeded(2 * 3 * 4 * 4, 11);
  for (const [name, model] of cases) {
    it(`${name}: same values and shape as ONNX Runtime computes from the original`, async () => {
      const expected = await run(encodeModel(model), x);
      const upgraded = upgradeModel(decodeModel(encodeModel(model)));
      expect(upgraded.opsetImports).toEqual([{ domain: '', version: 18 }]);
      const g = GraphBuilder.fromGraph(upgraded.graph);
      expect(g.value('y').shape).toEqual(expected.dims);
      const actual = await run(encodeModel(g.toModel()), x);
      expect(actual.dims).toEqual(expected.dims);
      const a = actual.data as Float32Array;
      const e = expected.data as Float32Array;
      for (let i = 0; i < e.length; i++) expect(Math.abs(a[i]! - e[i]!)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('fromGraph with an opset upgrades the graph itself', () => {
    const model = oldModel(13, [{ op: 'ReduceMean', attributes: { axes: attr.ints([2, 3]) } }]);
    expect(GraphBuilder.fromGraph(model.graph, {}, { opset: 13 }).value('y').shape).toEqual([2, 3, 1, 1]);
  });

  it('BatchNormalization in training mode (opset 13: five outputs) becomes training_mode = 1 with three', () => {
    const model = oldModel(13, [{ op: 'BatchNormalization', inputs: ['x', 's', 'b', 'm', 'v'], outputs: ['y', 'rm', 'rv', 'sm', 'sv'] }]);
    const node = upgradeModel(model).graph.nodes[0]!;
    expect(node.outputs).toEqual(['y', 'rm', 'rv']);
    expect(node.attributes.training_mode).toEqual(attr.int(1));
  });

  it('attributes that become inputs are constants (trainable: false); the model\'s own initializers stay undeclared', () => {
    const model = oldModel(9, [{ op: 'Clip', attributes: { min: attr.float(0), max: attr.float(6) } }, { op: 'Upsample', inputs: ['v0', 's'], attributes: { mode: attr.string('nearest') } }], [
      { name: 's', dtype: 'float32', dims: [4], data: Float32Array.of(1, 1, 2, 2) },
    ]);
    const initializers = upgradeModel(model).graph.initializers;
    const made = initializers.filter((t) => t.name !== 's');
    expect(made.map((t) => Array.from(t.data as Float32Array))).toEqual([[0], [6]]);
    expect(made.map((t) => t.trainable)).toEqual([false, false]);
    expect(initializers.find((t) => t.name === 's')!.trainable).toBeUndefined();
  });

  it('an opset losskit cannot read is a ModelFormatError naming the opset and the operators', () => {
    for (const version of [6, MAX_OPSET + 1]) {
      const model = oldModel(version, [{ op: 'Relu' }, { op: 'Sigmoid' }]);
      expect(() => upgradeModel(model)).toThrowError(ModelFormatError);
      expect(() => upgradeModel(model)).toThrowError(new RegExp(`opset ${version}.*Relu, Sigmoid`));
    }
  });
});

function int64(name: string, values: number[], dims: number[]) {
  return { name, dtype: 'int64' as const, dims, data: BigInt64Array.from(values, BigInt) };
}

describe('shape arithmetic is folded once the batch size is known', () => {
  it("PyTorch's x.view(x.size(0), -1) chain becomes a constant shape and runs", async () => {
    const model = oldModel(
      18,
      [
        { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
        { op: 'Gather', inputs: ['shape', 'zero'], outputs: ['batch'], attributes: { axis: attr.int(0) } },
        { op: 'Unsqueeze', inputs: ['batch', 'axes'], outputs: ['batch1'] },
        { op: 'Concat', inputs: ['batch1', 'minus1'], outputs: ['dims'], attributes: { axis: attr.int(0) } },
        { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
        { op: 'Reshape', inputs: ['s', 'dims'], outputs: ['y'] },
      ],
      [int64('zero', [0], []), int64('axes', [0], [1]), int64('minus1', [-1], [1])],
    );
    // Declared with a symbolic batch, as exporters write it.
    const symbolic = { ...model.graph, inputs: [{ name: 'x', dtype: 'float32' as const, shape: ['batch', 3, 4, 4] }] };
    const rebuilt = GraphBuilder.fromGraph(symbolic, { x: X_DIMS });
    expect(rebuilt.value('y').shape).toEqual([2, 48]);
    expect(rebuilt.nodes.map((n) => n.op)).toEqual(['Sigmoid', 'Reshape']);
    expect(Array.from(rebuilt.constantValue('dims')!, Number)).toEqual([2, -1]);
    const data = seeded(96, 5);
    const out = await run(encodeModel(rebuilt.toModel()), data);
    expect(out.dims).toEqual([2, 48]);
    expect(Math.abs((out.data as Float32Array)[7]! - 1 / (1 + Math.exp(-data[7]!)))).toBeLessThan(1e-6);
  });
});
