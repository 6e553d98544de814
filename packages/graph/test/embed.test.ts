// A decoded graph inside another builder (GraphBuilder.embed), the part of a graph some values
// need (pruneGraph), and model sources (bytes or IR) as training and perceptual losses read them.
import { describe, expect, it } from 'vitest';
import {
  GraphBuilder,
  InvalidInputError,
  MODEL_SOURCE_DESCRIPTION,
  type Model,
  UnsupportedOperatorError,
  encodeModel,
  isModelSource,
  pruneGraph,
  readModelSource,
} from '../src/index';

/** `relu(x * w + b)` with a second, unused branch `x * w`: a tiny network with weights. */
function network(): Model {
  const g = new GraphBuilder('net');
  const x = g.input('x', 'float32', [1, 2]);
  const w = g.initializer('w', 'float32', [2], Float32Array.of(2, -1));
  const hidden = g.add(g.mul(x, w), g.initializer('b', 'float32', [2], Float32Array.of(0.5, 0.5)));
  g.output(g.relu(hidden), 'y');
  g.output(g.mul(x, w), 'scaled');
  return g.toModel();
}

describe('GraphBuilder.embed', () => {
  it('adds a graph twice to one builder, its input taking a given value, names kept apart by the prefix', () => {
    const g = new GraphBuilder('outer');
    const a = g.input('a', 'float32', [3, 2]);
    const first = g.embed(network().graph, { inputs: { x: a }, prefix: 'net/' });
    const second = g.embed(network().graph, { inputs: { x: g.neg(a) }, prefix: 'net/', frozen: true });
    expect(first.get('y')!.name).toBe('net/y');
    expect(first.get('y')!.shape).toEqual([3, 2]);
    expect(second.get('y')!.name).not.toBe('net/y');
    expect(g.nodes.filter((n) => n.op === 'Relu')).toHaveLength(2);
    // The first copy keeps each initializer's mark (none declared), the frozen one makes them constants.
    expect(g.initializers.filter((t) => t.name.startsWith('net/w') || t.name.startsWith('net/b')).map((t) => t.trainable)).toEqual([undefined, undefined, false, false]);
  });

  it('is what fromGraph rebuilds a model with: names kept without a prefix', () => {
    const rebuilt = GraphBuilder.fromGraph(network().graph);
    expect(rebuilt.outputs.map((v) => v.name)).toEqual(['y', 'scaled']);
    expect(rebuilt.nodes.map((n) => n.outputs[0])).toEqual(network().graph.nodes.map((n) => n.outputs[0]));
  });

  it('needs a value for each graph input and shape inference for each operator', () => {
    const g = new GraphBuilder('outer');
    expect(() => g.embed(network().graph, { inputs: {} })).toThrowError(InvalidInputError);
    expect(() => g.embed(network().graph, { inputs: {} })).toThrowError('Invalid inputs["x"]: expected the value graph "net" takes as input "x"');
    const custom = network().graph;
    const unknown = { ...custom, nodes: [...custom.nodes, { ...custom.nodes[0]!, op: 'MyOp', domain: 'my.domain', outputs: ['z'] }] };
    expect(() => g.embed(unknown, { inputs: { x: g.input('x', 'float32', [1, 2]) } })).toThrowError(UnsupportedOperatorError);
  });
});

describe('pruneGraph', () => {
  it('keeps the nodes and initializers the named values need, and makes them the outputs', () => {
    const graph = network().graph;
    const scaled = pruneGraph(graph, ['scaled']);
    expect(scaled.nodes.map((n) => n.op)).toEqual(['Mul', 'Identity']);
    expect(scaled.initializers.map((t) => t.name)).toEqual(['w']);
    expect(scaled.outputs).toEqual([graph.outputs[1]]);
    const hidden = pruneGraph(graph, [graph.nodes[1]!.outputs[0]!]);
    expect(hidden.nodes.map((n) => n.op)).toEqual(['Mul', 'Add']);
    expect(hidden.outputs).toEqual([{ name: graph.nodes[1]!.outputs[0]!, dtype: undefined, shape: undefined }]);
  });
});

describe('model sources', () => {
  it('tells bytes and models from anything else', () => {
    expect(isModelSource(encodeModel(network()))).toBe(true);
    expect(isModelSource(network())).toBe(true);
    expect(isModelSource({ graph: network().graph })).toBe(false);
    expect(isModelSource('model.onnx')).toBe(false);
    expect(MODEL_SOURCE_DESCRIPTION).toBe('a Model (from @losskit/models or decodeModel) or the bytes of an .onnx file');
  });

  it('reads bytes and models alike, with model-local functions inlined', () => {
    const model = network();
    expect(readModelSource(encodeModel(model)).graph.nodes.map((n) => n.op)).toEqual(model.graph.nodes.map((n) => n.op));
    const g = new GraphBuilder('caller');
    const x = g.input('x', 'float32', [2]);
    g.addFunction({ domain: 'local', name: 'Twice', inputs: ['a'], outputs: ['b'], attributes: [], opsetImports: [{ domain: '', version: 18 }], nodes: [{ op: 'Add', domain: '', name: 'add', inputs: ['a', 'a'], outputs: ['b'], attributes: {} }] });
    g.output(g.addNode('Twice', [x], {}, { domain: 'local', outputTypes: [{ dtype: 'float32', shape: [2] }] })[0]!, 'y');
    expect(readModelSource(g.toModel()).graph.nodes.map((n) => n.op)).toEqual(['Add', 'Identity']);
  });
});
