import { describe, expect, it } from 'vitest';
import { GraphBuilder, InvalidInputError, ShapeError, UnsupportedOperatorError, attr, broadcastShapes, decodeModel, encodeModel } from '../src/index';

describe('broadcastShapes', () => {
  it('follows numpy rules', () => {
    expect(broadcastShapes('Add', [2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(broadcastShapes('Add', [], [5])).toEqual([5]);
    expect(broadcastShapes('Add', [1], [0])).toEqual([0]);
  });

  it('names the op and both shapes when shapes do not broadcast', () => {
    expect(() => broadcastShapes('Mul', [2, 3], [4, 3])).toThrowError(ShapeError);
    expect(() => broadcastShapes('Mul', [2, 3], [4, 3])).toThrowError('Mul: shapes [2, 3] and [4, 3] are not broadcastable');
  });
});

/** The shapes of a node's outputs. */
const shapes = (values: readonly { shape: readonly number[] }[]) => values.map((value) => value.shape);

describe('GraphBuilder shape inference', () => {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [2, 3, 8, 8]);
  const v = g.input('v', 'float32', [3, 1, 1]);

  it('infers Trilu and CumSum (causal masks, cumulative sums) as the input, and refuses Trilu below rank 2', () => {
    const ones = g.input('ones', 'float32', [2, 5, 5]);
    expect(g.addNode('Trilu', [ones], { upper: attr.int(0) })[0]!.shape).toEqual([2, 5, 5]);
    expect(g.addNode('CumSum', [ones, g.constant(BigInt64Array.of(1n), 'int64', [])])[0]!.shape).toEqual([2, 5, 5]);
    expect(() => g.addNode('Trilu', [g.input('row', 'float32', [5])])).toThrowError('Trilu: expected an input of rank 2 or more, received dims [5]');
  });

  it('infers elementwise, comparison and Where shapes', () => {
    expect(g.add(x, v).shape).toEqual([2, 3, 8, 8]);
    expect(g.mul(x, 2).shape).toEqual([2, 3, 8, 8]);
    const mask = g.greater(x, 0);
    expect(mask.dtype).toBe('bool');
    expect(g.where(mask, v, 0).shape).toEqual([2, 3, 8, 8]);
    expect(g.cast(mask, 'float32').dtype).toBe('float32');
  });

  it('infers reductions with and without keepdims', () => {
    expect(g.reduceSum(x).shape).toEqual([1, 1, 1, 1]);
    expect(g.reduceSum(x, { keepdims: false }).shape).toEqual([]);
    expect(g.reduceMean(x, { axes: [1, -1], keepdims: false }).shape).toEqual([2, 8]);
    expect(g.reduceMean(x, { axes: [1] }).shape).toEqual([2, 1, 8, 8]);
  });

  it('infers shape ops', () => {
    expect(g.reshape(x, [0, -1]).shape).toEqual([2, 192]);
    expect(g.transpose(x, [0, 2, 3, 1]).shape).toEqual([2, 8, 8, 3]);
    expect(g.transpose(x).shape).toEqual([8, 8, 3, 2]);
    expect(g.slice(x, { starts: [1], ends: [2], axes: [1] }).shape).toEqual([2, 1, 8, 8]);
    expect(g.slice(x, { starts: [-1], ends: [-1000], axes: [2], steps: [-2] }).shape).toEqual([2, 3, 4, 8]);
    expect(g.concat([x, x], 1).shape).toEqual([2, 6, 8, 8]);
    expect(g.unsqueeze(v, [0, -1]).shape).toEqual([1, 3, 1, 1, 1]);
    expect(g.squeeze(v).shape).toEqual([3]);
    expect(g.expand(v, [2, 1, 1, 5]).shape).toEqual([2, 3, 1, 5]);
    expect(g.flatten(x).shape).toEqual([2, 192]);
    expect(g.pad(x, [0, 0, 1, 2, 0, 0, 3, 4]).shape).toEqual([2, 3, 12, 14]);
    const indices = g.input('indices', 'int64', [2, 1, 8, 8]);
    expect(g.gather(x, g.input('picks', 'int64', [5]), 1).shape).toEqual([2, 5, 8, 8]);
    expect(g.gatherElements(x, indices, 1).shape).toEqual([2, 1, 8, 8]);
    expect(g.scatterElements(x, indices, g.gatherElements(x, indices, 1), 1).shape).toEqual([2, 3, 8, 8]);
    expect(() => g.gatherElements(x, g.input('flat', 'int64', [2]), 1)).toThrow(/GatherElements.*indices \[2\] must have the rank of the data \[2, 3, 8, 8\]/);
    expect(() => g.scatterElements(x, indices, x, 1)).toThrow(/ScatterElements.*updates \[2, 3, 8, 8\] must have the shape of the indices \[2, 1, 8, 8\]/);
  });

  it('infers MatMul and Gemm', () => {
    const a = g.input('a', 'float32', [5, 2, 4]);
    const b = g.input('b', 'float32', [4, 7]);
    expect(g.matMul(a, b).shape).toEqual([5, 2, 7]);
    const m = g.input('m', 'float32', [4, 6]);
    expect(g.gemm(m, b, undefined, { transA: true }).shape).toEqual([6, 7]);
    expect(() => g.matMul(b, a)).toThrowError('MatMul: inner dimensions differ: [4, 7] x [5, 2, 4]');
  });

  it('infers Conv, ConvTranspose and pooling sizes', () => {
    const w = g.constant(new Float32Array(16 * 3 * 3 * 3), 'float32', [16, 3, 3, 3]);
    // floor((8 + 1 + 1 - 3) / 2) + 1 = 4
    const y = g.conv(x, w, undefined, { strides: [2, 2], pads: [1, 1, 1, 1] });
    expect(y.shape).toEqual([2, 16, 4, 4]);
    expect(g.conv(x, w, undefined, { autoPad: 'SAME_UPPER' }).shape).toEqual([2, 16, 8, 8]);
    const wt = g.constant(new Float32Array(16 * 3 * 4 * 4), 'float32', [16, 3, 4, 4]);
    // 2 * (4 - 1) + 4 - 1 - 1 = 8
    expect(g.convTranspose(y, wt, undefined, { strides: [2, 2], pads: [1, 1, 1, 1] }).shape).toEqual([2, 3, 8, 8]);
    expect(g.convTranspose(y, wt, undefined, { strides: [2, 2], outputShape: [9, 9] }).shape).toEqual([2, 3, 9, 9]);
    expect(g.maxPool(x, { kernelShape: [2, 2], strides: [2, 2] }).shape).toEqual([2, 3, 4, 4]);
    expect(g.averagePool(x, { kernelShape: [3, 3], strides: [2, 2], ceilMode: true }).shape).toEqual([2, 3, 4, 4]);
    expect(() => g.conv(v, w)).toThrowError(ShapeError);
  });

  it('infers Resize (opset 18) from scales or sizes, with axes and aspect-ratio policies', () => {
    expect(g.resize(x, { scales: [1, 1, 2, 1.5] }).shape).toEqual([2, 3, 16, 12]);
    // floor(8 * 0.7) = 5
    expect(g.resize(x, { scales: [1, 1, 0.7, 0.5], mode: 'linear' }).shape).toEqual([2, 3, 5, 4]);
    expect(g.resize(x, { sizes: [5, 11], axes: [2, -1] }).shape).toEqual([2, 3, 5, 11]);
    // not_larger: scale min(5/8, 11/8) = 0.625 on both axes; not_smaller: 1.375 -> round(11) on both.
    expect(g.resize(x, { sizes: [5, 11], axes: [2, 3], keepAspectRatioPolicy: 'not_larger' }).shape).toEqual([2, 3, 5, 5]);
    expect(g.resize(x, { sizes: [5, 11], axes: [2, 3], keepAspectRatioPolicy: 'not_smaller' }).shape).toEqual([2, 3, 11, 11]);
  });

  it('rejects Resize without exactly one of scales and sizes, or with one value per axis missing', () => {
    expect(() => g.resize(x, {})).toThrowError(InvalidInputError);
    expect(() => g.resize(x, { scales: [2, 2] })).toThrowError('Resize: scales has 2 values for 4 axes of input [2, 3, 8, 8]');
    expect(() => g.resize(x, { sizes: [4, 4], axes: [2, 2] })).toThrowError('Resize: axes [2, 2] repeat an axis');
    expect(() => g.resize(x, { scales: [1, 1, 0, 2] })).toThrowError(/scales must be positive/);
  });

  it('infers LSTM, GRU and RNN outputs (Y, Y_h, LSTM\'s Y_c) for each direction and layout', () => {
    const h = new GraphBuilder();
    const seq = h.input('seq', 'float32', [5, 2, 3]);
    const w = (gates: number, directions = 1) => h.input(h.uniqueName('w'), 'float32', [directions, gates * 4, 3]);
    const r = (gates: number, directions = 1) => h.input(h.uniqueName('r'), 'float32', [directions, gates * 4, 4]);
    const bidirectional = { hidden_size: attr.int(4), direction: attr.string('bidirectional') };
    expect(shapes(h.addNode('LSTM', [seq, w(4, 2), r(4, 2)], bidirectional))).toEqual([[5, 2, 2, 4], [2, 2, 4], [2, 2, 4]]);
    expect(shapes(h.addNode('GRU', [seq, w(3), r(3)], { hidden_size: attr.int(4) }))).toEqual([[5, 1, 2, 4], [1, 2, 4]]);
    // Layout 1: X is [batch, seq, input] (batch 5, seq 2 here); Y [batch, seq, directions, hidden]; states [batch, directions, hidden].
    expect(shapes(h.addNode('RNN', [seq, w(1), r(1)], { hidden_size: attr.int(4), layout: attr.int(1) }))).toEqual([[5, 2, 1, 4], [5, 1, 4]]);
    expect(() => h.addNode('GRU', [seq, w(4), r(4)], { hidden_size: attr.int(4) })).toThrowError(
      'GRU: W must be [1, 12, 3] and R [1, 12, 4] (direction, hidden_size 4), received [1, 16, 3] and [1, 16, 4]',
    );
  });

  it('rejects reshapes that change the element count, naming both shapes', () => {
    expect(() => g.reshape(x, [5, -1])).toThrowError('Reshape: cannot reshape [2, 3, 8, 8] to [5, -1]');
  });

  it('rejects unknown ops and reused names', () => {
    expect(() => g.addNode('FancyOp', [x])).toThrowError(UnsupportedOperatorError);
    expect(() => g.input('x', 'float32', [1])).toThrowError(InvalidInputError);
    expect(() => g.input('bad', 'float32', [2, -1])).toThrowError(/dims of input "bad"/);
  });

  it('shares identical constants', () => {
    expect(g.constant(0.5)).toBe(g.constant(0.5));
    expect(g.constant(0.5, 'float64')).not.toBe(g.constant(0.5));
  });

  it('IsNaN and IsInf give a bool per element', () => {
    expect(g.addNode('IsNaN', [x])[0]).toMatchObject({ dtype: 'bool', shape: [2, 3, 8, 8] });
    expect(g.addNode('IsInf', [v])[0]).toMatchObject({ dtype: 'bool', shape: [3, 1, 1] });
  });
});

/** A graph with a parameter, a scalar constant, an undeclared initializer and one declared constant. */
const build = () => {
  const g = new GraphBuilder('roles');
  const x = g.input('x', 'float32', [2, 3]);
  const w = g.parameter('w', 'float32', [3], Float32Array.of(1, 2, 3));
  const two = g.constant(2);
  const plain = g.initializer('plain', 'float32', [3], new Float32Array(3));
  const shift = g.initializer('shift', 'float32', [3], new Float32Array(3), { trainable: false });
  g.output(g.add(g.add(g.mul(g.mul(x, w), two), plain), shift), 'y');
  return g;
};

/** Each initializer's `trainable` mark, by name. */
const roles = (initializers: readonly { name: string; trainable?: boolean }[]) => Object.fromEntries(initializers.map((t) => [t.name, t.trainable]));

describe('GraphBuilder parameters and constants', () => {
  it('parameter() marks its initializer trainable, constant() not trainable; initializer() declares nothing unless told', () => {
    const graph = build().toGraph();
    const [w, two, plain, shift] = graph.initializers;
    expect(w).toMatchObject({ name: 'w', trainable: true });
    expect(two).toMatchObject({ dims: [], trainable: false });
    expect(plain!.trainable).toBeUndefined();
    expect(Object.hasOwn(plain!, 'trainable')).toBe(false);
    expect(shift!.trainable).toBe(false);
    // int64s is a constant too.
    const g = new GraphBuilder();
    g.int64s([1, 2]);
    expect(g.initializers[0]!.trainable).toBe(false);
  });

  it('fromGraph keeps the marks; encoding drops them (ONNX has no such field), so a decoded model declares none', () => {
    const graph = build().toGraph();
    expect(roles(GraphBuilder.fromGraph(graph).initializers)).toEqual(roles(graph.initializers));
    expect(Object.values(roles(decodeModel(encodeModel(build().toModel())).graph.initializers))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('parameter() takes float dtypes, valid dims and data of the right length, naming the parameter otherwise', () => {
    const g = new GraphBuilder();
    expect(() => g.parameter('steps', 'int64', [1], BigInt64Array.of(1n))).toThrowError(InvalidInputError);
    expect(() => g.parameter('steps', 'int64', [1], BigInt64Array.of(1n))).toThrowError('Invalid dtype of parameter "steps": expected a float type');
    expect(() => g.parameter('w', 'float32', [2, -1], new Float32Array(2))).toThrowError(/dims of parameter "w"/);
    expect(() => g.parameter('w', 'float32', [2, 3], new Float32Array(5))).toThrowError(
      'Invalid data of parameter "w": expected 6 elements (dims [2, 3]), received 5 elements',
    );
    expect(g.initializers).toEqual([]);
  });
});

describe('GraphBuilder with an outer builder', () => {
  it('never gives a local value the name of an outer value, so the outer value is still captured', () => {
    const outer = new GraphBuilder('outer');
    const a = outer.neg(outer.input('x', 'float32', [2]));
    const body = new GraphBuilder('body', { outer });
    // The body's first Neg would be named like the outer one if names came from the body alone.
    const local = body.neg(body.input('y', 'float32', [2]));
    const sum = body.add(local, a);
    expect(local.name).not.toBe(a.name);
    expect(body.nodes.at(-1)!.inputs).toEqual([local.name, a.name]);
    expect(body.inputs.map((v) => v.name)).toEqual(['y', a.name]);
    expect(sum.shape).toEqual([2]);
  });
});
