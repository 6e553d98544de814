// Gradient overrides are ONNX functions stored with the model, so they survive encodeModel /
// decodeModel; a rule or override that returns the wrong number of gradients is an error that
// names the op instead of a silent zero.
import { GraphBuilder, type Value, decodeModel, encodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { GRADIENT_DOMAIN, GradientRuleError, defaultGradientRules, defineGradient, gradients, log1p } from '../src/index';
import { runModel } from './support/ort';

const X = Float32Array.of(-0.5, 1e-7, 0.25, 3);

/** Builds y = sum(f(x)) with its gradient appended, and returns the gradient at X (ONNX Runtime, cpu). */
async function gradientAt(g: GraphBuilder, x: Value, y: Value): Promise<Float32Array> {
  const total = g.reduceSum(y, { keepdims: false });
  g.output(gradients(g, total, [x])[0]!, 'dx');
  const outputs = await runModel(encodeModel(g.toModel()), 'cpu', { x: { data: X, dims: [4] } });
  return outputs.dx!;
}

/** The forward graph through bytes and back, as a newcomer would store and reload it. */
function roundTrip(g: GraphBuilder): GraphBuilder {
  const model = decodeModel(encodeModel(g.toModel()));
  return GraphBuilder.fromGraph(model.graph, {}, { functions: model.functions });
}

/** y = 2x with a deliberately different override dy * 5: only the override can give 5. */
function overridden(): GraphBuilder {
  const g = new GraphBuilder('overridden');
  const x = g.input('x', 'float32', [4]);
  const y = g.mul(x, 2);
  defineGradient(g, y, [x], (b, dy) => [b.mul(dy, 5)]);
  g.output(y, 'y');
  return g;
}

describe('gradient overrides', () => {
  it('are stored as a function in the losskit.gradient domain', () => {
    const g = overridden();
    const model = g.toModel();
    // Keyed by the overridden value: the Mul's output (the graph output 'y' is an Identity of it).
    const mul = g.nodes.find((n) => n.op === 'Mul')!.outputs[0];
    expect(model.functions.map((f) => [f.domain, f.name])).toEqual([[GRADIENT_DOMAIN, mul]]);
    expect(model.opsetImports).toContainEqual({ domain: GRADIENT_DOMAIN, version: 1 });
  });

  it('give the same gradient before and after encodeModel/decodeModel', async () => {
    const before = overridden();
    const reloaded = roundTrip(overridden());
    expect(Array.from(await gradientAt(before, before.value('x'), before.value('y')))).toEqual([5, 5, 5, 5]);
    expect(Array.from(await gradientAt(reloaded, reloaded.value('x'), reloaded.value('y')))).toEqual([5, 5, 5, 5]);
    // Without the function (what toGraph alone keeps) the product rule applies: 2, not 5.
    const bare = GraphBuilder.fromGraph(overridden().toGraph());
    expect(Array.from(await gradientAt(bare, bare.value('x'), bare.value('y')))).toEqual([2, 2, 2, 2]);
  });

  it("keep log1p's closed form 1 / (1 + x) through bytes, and ONNX Runtime runs the model", async () => {
    const build = () => {
      const g = new GraphBuilder('log1p');
      g.output(log1p(g, g.input('x', 'float32', [4])), 'y');
      return g;
    };
    const reloaded = roundTrip(build());
    const forward = await runModel(encodeModel(reloaded.toModel()), 'cpu', { x: { data: X, dims: [4] } });
    X.forEach((v, i) => expect(forward.y![i]).toBeCloseTo(Math.log1p(v), 6));
    const gradientNodes = async (g: GraphBuilder) => {
      const before = g.nodes.length;
      const dx = await gradientAt(g, g.value('x'), g.value('y'));
      X.forEach((v, i) => expect(Math.abs(dx[i]! - 1 / (1 + v))).toBeLessThan(1e-6));
      return g.nodes.length - before;
    };
    const inMemory = build();
    // The same gradient graph as in memory: the closed form, not the correction's derivative.
    expect(await gradientNodes(reloaded)).toBe(await gradientNodes(inMemory));
    const bare = GraphBuilder.fromGraph(build().toGraph());
    const before = bare.nodes.length;
    bare.output(gradients(bare, bare.reduceSum(bare.value('y'), { keepdims: false }), [bare.value('x')])[0]!, 'dx');
    expect(bare.nodes.length - before).toBeGreaterThan(await gradientNodes(build()));
  });

  it('capture values the closed form reads besides its inputs (a loss reads the target)', async () => {
    const g = new GraphBuilder('captured');
    const x = g.input('x', 'float32', [4]);
    const t = g.input('t', 'float32', [4]);
    const d = g.sub(x, t);
    const y = g.mul(d, d);
    // d/dx (x - t)^2 = 2 (x - t), written with t read from the outer graph.
    defineGradient(g, y, [x], (b, dy) => [b.mul(dy, b.mul(b.sub(x, t), 2))]);
    g.output(y, 'y');
    const model = decodeModel(encodeModel(g.toModel()));
    expect(model.functions[0]!.inputs).toEqual(['losskit/dOutput', 'x', 't']);
    const reloaded = GraphBuilder.fromGraph(model.graph, {}, { functions: model.functions });
    const total = reloaded.reduceSum(reloaded.value('y'), { keepdims: false });
    reloaded.output(gradients(reloaded, total, [reloaded.value('x')])[0]!, 'dx');
    const T = Float32Array.of(1, 2, 3, 4);
    const out = await runModel(encodeModel(reloaded.toModel()), 'cpu', { x: { data: X, dims: [4] }, t: { data: T, dims: [4] } });
    X.forEach((v, i) => expect(out.dx![i]).toBeCloseTo(2 * (v - T[i]!), 5));
  });
});

describe('the arity of gradient rules', () => {
  it('a rule that returns too few gradients is an error naming the op', () => {
    const g = new GraphBuilder('arity');
    const a = g.input('a', 'float32', [2]);
    const b = g.input('b', 'float32', [2]);
    const y = g.reduceSum(g.mul(a, b), { keepdims: false });
    const rules = { ...defaultGradientRules, Mul: () => [undefined] };
    expect(() => gradients(g, y, [a, b], { rules })).toThrowError(GradientRuleError);
    expect(() => gradients(g, y, [a, b], { rules })).toThrowError(/^The gradient rule of Mul \(node "Mul_0"\) returned 1 gradients for its 2 inputs; input 1 \("b"\) needs one$/);
  });

  it('a rule that returns more gradients than inputs is an error', () => {
    const g = new GraphBuilder('arity');
    const a = g.input('a', 'float32', [2]);
    const y = g.reduceSum(g.neg(a), { keepdims: false });
    const rules = { ...defaultGradientRules, Neg: ({ dOutputs }: { dOutputs: readonly (Value | undefined)[] }) => [dOutputs[0], dOutputs[0]] };
    expect(() => gradients(g, y, [a], { rules })).toThrowError(/The gradient rule of Neg .* returned 2 gradients for its 1 inputs/);
  });

  it('an override that returns the wrong number of gradients is refused when defined', () => {
    const g = new GraphBuilder('arity');
    const a = g.input('a', 'float32', [2]);
    const b = g.input('b', 'float32', [2]);
    const y = g.mul(a, b);
    expect(() => defineGradient(g, y, [a, b], (_, dy) => [dy])).toThrowError(
      `The gradient override of "${y.name}" returned 1 gradients for 2 inputs (a, b)`,
    );
  });

  it('leaving out gradients of inputs that need none stays allowed (integer shape inputs)', () => {
    const g = new GraphBuilder('reshape');
    const a = g.input('a', 'float32', [2, 2]);
    const y = g.reduceSum(g.reshape(a, [4]), { keepdims: false });
    expect(() => gradients(g, y, [a])).not.toThrow();
  });
});
