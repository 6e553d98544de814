// optimizeGraph: fewer nodes and no full-size Expands, the same values in a real ONNX Runtime.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Model, encodeModel, optimizeGraph } from '../src/index';

async function run(model: Model, x: Float32Array): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: ['cpu'], logSeverityLevel: 3 });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', x, [2, 3]) });
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** An L1-like gradient: a scalar spread with Expand, used through pointwise and broadcasting ops. */
function gradientLike(): Model {
  return gradientLikeBuilder().toModel();
}

function gradientLikeBuilder(): GraphBuilder {
  const g = new GraphBuilder('expand');
  const x = g.input('x', 'float32', [2, 3]);
  const spread = g.expand(g.reshape(g.constant(0.25, 'float32'), [1, 1]), [2, 3]);
  const gradient = g.where(g.greater(x, 0), spread, g.where(g.less(x, 0), g.neg(spread), 0));
  g.output(gradient, 'gradient'); // output() adds an Identity named 'gradient'
  // A duplicate of an earlier node, and a Softmax (not pointwise) that must keep its Expand.
  g.output(g.add(g.abs(g.sub(x, 1)), g.abs(g.sub(x, 1))), 'twice');
  g.output(g.softmax(g.expand(g.reshape(g.constant(1, 'float32'), [1, 1]), [2, 3])), 'uniform');
  // A spread scalar times a constant, then times x (the x * x gradient): the Expand moves past
  // the scalar Mul and is then dropped, so nothing full-size is built from constants.
  g.output(g.mul(g.mul(spread, 2), x), 'doubled');
  // Identities inside the graph (a chain of two, one of them read twice): their readers read x.
  const copy = g.identity(g.identity(x));
  g.output(g.add(g.mul(copy, 2), copy), 'tripled');
  return g;
}

const ops = (m: Model) => m.graph.nodes.map((n) => n.op);

describe('optimizeGraph', () => {
  const model = gradientLike();
  const optimized = { ...model, graph: optimizeGraph(model.graph) };

  it('removes Expands that feed broadcasting or pointwise ops and Identities, merges duplicates, writes outputs without Identity', () => {
    expect(ops(model).filter((op) => op === 'Expand')).toHaveLength(2);
    // Mul(Expand(s), 2) -> Expand(Mul(s, 2)), then dropped before Mul(., x): no Mul reads a full-size spread.
    const doubled = optimized.graph.nodes.find((n) => n.outputs[0] === 'doubled')!;
    expect(doubled.op).toBe('Mul');
    expect(optimized.graph.nodes.filter((n) => n.op === 'Expand').every((e) => e.outputs[0] !== doubled.inputs[0] && e.outputs[0] !== doubled.inputs[1])).toBe(true);
    expect(ops(optimized).filter((op) => op === 'Expand')).toHaveLength(1); // the Softmax's stays
    expect(ops(optimized).filter((op) => op === 'Abs')).toHaveLength(1);
    expect(ops(optimized)).not.toContain('Identity');
    expect(optimized.graph.outputs.map((o) => o.name)).toEqual(model.graph.outputs.map((o) => o.name));
  });

  it('computes the same values in onnxruntime-node', async () => {
    const x = Float32Array.of(-2, 0, 3, 0.5, -0.1, 1);
    const before = await run(model, x);
    const after = await run(optimized, x);
    for (const name of Object.keys(before)) expect(Array.from(after[name]!), name).toEqual(Array.from(before[name]!));
    expect(Array.from(after.gradient!)).toEqual([-0.25, 0, 0.25, 0.25, -0.25, 0.25]);
    expect(Array.from(after.doubled!)).toEqual(Array.from(x).map((v) => v * 0.5));
    expect(Array.from(after.tripled!)).toEqual(Array.from(x).map((v) => Math.fround(Math.fround(2 * v) + v)));
  });

  it('gives the same graph when handed the builder (its types) as when it infers them', () => {
    const g = gradientLikeBuilder();
    const graph = g.toModel().graph;
    for (const widenNarrowBroadcasts of [false, true]) {
      const told = optimizeGraph(graph, { builder: g, widenNarrowBroadcasts });
      expect(told.nodes.length).toBeLessThan(graph.nodes.length);
      expect(told).toEqual(optimizeGraph(graph, { widenNarrowBroadcasts }));
    }
  });
});

describe('optimizeGraph with anyShapeOutputs', () => {
  // A gradient-like value computed as [3, 2], reshaped twice on its way to an output read 1-D, and
  // the reshaped value also read by a node that needs its shape ([6] + [6]).
  const g = new GraphBuilder('reshaped-output');
  const input = g.input('x', 'float32', [2, 3]);
  const computed = g.mul(g.transpose(input), 3);
  const line = g.reshape(g.reshape(computed, [2, 3]), [6]);
  g.output(line, 'grad');
  g.output(g.add(line, g.constant(Float32Array.of(0, 1, 2, 3, 4, 5), 'float32', [6])), 'shifted');
  g.output(g.reshape(input, [3, 2]), 'kept'); // a Reshape of an input writes no node's output: it stays
  const model = g.toModel();
  const optimized = { ...model, graph: optimizeGraph(model.graph, { anyShapeOutputs: ['grad', 'kept'] }) };

  it('lets the node before a Reshape chain write the output, and declares it without a shape', () => {
    expect(optimized.graph.nodes.find((n) => n.outputs[0] === 'grad')!.op).toBe('Mul');
    expect(optimized.graph.outputs.find((o) => o.name === 'grad')!.shape).toBeUndefined();
    expect(optimized.graph.nodes.find((n) => n.outputs[0] === 'kept')!.op).toBe('Reshape');
    // Without the option the output is still written by a Reshape.
    expect(optimizeGraph(model.graph).nodes.find((n) => n.outputs[0] === 'grad')!.op).toBe('Reshape');
  });

  it('computes the same elements in onnxruntime-node, in the computed shape', async () => {
    const x = Float32Array.of(1, 2, 3, 4, 5, 6);
    const session = await ort.InferenceSession.create(encodeModel(optimized), { executionProviders: ['cpu'], logSeverityLevel: 3 });
    const out = await session.run({ x: new ort.Tensor('float32', x, [2, 3]) });
    await session.release();
    // x transposed is [[1, 4], [2, 5], [3, 6]].
    expect(out.grad!.dims).toEqual([3, 2]);
    expect(Array.from(out.grad!.data as Float32Array)).toEqual([3, 12, 6, 15, 9, 18]);
    expect(out.shifted!.dims).toEqual([6]);
    expect(Array.from(out.shifted!.data as Float32Array)).toEqual([3, 13, 8, 18, 13, 23]);
    expect(Array.from(out.kept!.data as Float32Array)).toEqual(Array.from(x));
  });
});
