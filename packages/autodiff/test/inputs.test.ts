// Facts about operator inputs live on the gradient rules: which inputs get no gradient (and are
// never asked for one), and which hold settings or statistics rather than weights.
import { type GraphBuilder as Builder, GraphBuilder, InvalidOptionError, type Node, type Value, attr } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import {
  type GradientContext,
  type GradientRule,
  defaultGradientRules,
  defineGradientRule,
  differentiableInputs,
  gradients,
  trainableInputs,
} from '../src/index';

/** Rules without facts. */
const undeclared: GradientRule = (ctx) => [ctx.dOutputs[0]!, undefined];
const base: GradientRule = (ctx) => [ctx.dOutputs[0]!];

/** A custom operator Scale(x, k) = x * k whose rule declares k non-differentiable. */
function scale(g: Builder, x: Value, k: Value): Value {
  return g.addNode('Scale', [x, k], {}, { domain: 'com.example', outputTypes: [{ dtype: x.dtype, shape: x.shape }] })[0]!;
}

/** The node that produced `v` in `g`. */
function producer(g: Builder, v: Value): Node {
  return g.nodes.find((n) => n.outputs.includes(v.name))!;
}

/** Whether `v` is the zeros `gradients` returns for an input the output does not depend on. */
function isZeros(g: Builder, v: Value): boolean {
  const node = producer(g, v);
  const fill = g.constantValue(node.inputs[0]!) as Float32Array | undefined;
  return node.op === 'Expand' && fill !== undefined && fill.every((e) => e === 0);
}

/** y = Σ Scale(x, sin(w)), with a rule for Scale that records what it was asked. */
function setup() {
  const calls: { needsK: boolean }[] = [];
  const rule = defineGradientRule(
    (ctx: GradientContext) => {
      calls.push({ needsK: ctx.needsGradient(1) });
      // One gradient for two inputs: without the declaration this is an arity error.
      return [ctx.g.mul(ctx.dOutputs[0]!, ctx.inputs[1]!)];
    },
    { nonDifferentiable: [1] },
  );
  const rules = { ...defaultGradientRules, 'com.example.Scale': rule };
  const g = new GraphBuilder('scale');
  const x = g.input('x', 'float32', [2, 3]);
  const w = g.input('w', 'float32', [3]);
  // k reaches Scale only through Sin, which has no rule: only the declaration keeps it off the path.
  const k = g.addNode('Sin', [w])[0]!;
  return { g, x, w, y: g.reduceSum(scale(g, x, k)), rules, calls };
}

describe('gradients and declared non-differentiable inputs', () => {
  it('never asks the rule for a declared input: needsGradient is false there', () => {
    const { g, x, w, y, rules, calls } = setup();
    const [dx, dw] = gradients(g, y, [x, w], { rules });
    expect(calls).toEqual([{ needsK: false }]);
    expect(producer(g, dx!).op).toBe('Mul');
    expect(isZeros(g, dw!)).toBe(true);
  });

  it('does not differentiate what reaches a node only through declared inputs', () => {
    const { g, w, y, rules, calls } = setup();
    // Without the declaration, Sin (no rule) would be on the path: UnsupportedOperatorError.
    const [dw] = gradients(g, y, [w], { rules });
    expect(calls).toEqual([]);
    expect(isZeros(g, dw!)).toBe(true);
  });

  it('without the declaration k is on the path: Sin, which has no rule, is reported', () => {
    const { g, w, y, rules } = setup();
    expect(() => gradients(g, y, [w], { rules: { ...rules, 'com.example.Scale': undeclared } })).toThrow(/No gradient rule.*Sin/);
  });

  it('BatchNormalization in training mode: the running statistics get zeros, not an arity error', () => {
    const g = new GraphBuilder('bn');
    const x = g.input('x', 'float32', [2, 3, 2, 2]);
    const [scaleV, bias, mean, variance] = ['scale', 'bias', 'mean', 'var'].map((n) => g.input(n, 'float32', [3]));
    const y = g.addNode('BatchNormalization', [x, scaleV!, bias!, mean!, variance!], { training_mode: attr.int(1) })[0]!;
    const [dScale, dMean, dVariance] = gradients(g, g.reduceSum(g.mul(y, y)), [scaleV!, mean!, variance!]);
    expect(isZeros(g, dScale!)).toBe(false);
    expect(isZeros(g, dMean!)).toBe(true);
    expect(isZeros(g, dVariance!)).toBe(true);
  });
});

describe('differentiableInputs and trainableInputs', () => {
  const g = new GraphBuilder('facts');
  const x = g.input('x', 'float32', [2, 3, 4, 4]);
  const node = (v: Value) => producer(g, v);
  const c = g.input('c', 'float32', [3]);
  const reshape = node(g.reshape(x, [2, 48]));
  const slice = node(g.slice(x, { starts: [1], ends: [3], axes: [2] }));
  const clip = node(g.clip(x, 0, 6));
  const inference = node(g.batchNormalization(x, c, c, c, c));
  const training = node(g.addNode('BatchNormalization', [x, c, c, c, c], { training_mode: attr.int(1) })[0]!);
  const toInt = node(g.cast(x, 'int64'));
  const toHalf = node(g.cast(x, 'float16'));
  const sin = node(g.addNode('Sin', [x])[0]!);
  const floor = node(g.floor(x));
  const where = node(g.where(g.greater(x, 0), x, 0));

  it('follow the rules: shape operands, bounds, indices and conditions get no gradient', () => {
    const rules = defaultGradientRules;
    expect(differentiableInputs(rules, reshape)).toEqual([true, false]);
    // starts, ends and axes given, steps left out.
    expect(differentiableInputs(rules, slice)).toEqual([true, false, false, false]);
    expect(differentiableInputs(rules, where)).toEqual([false, true, true]);
    expect(differentiableInputs(rules, floor)).toEqual([false]);
    expect(differentiableInputs(rules, toInt)).toEqual([false]);
    expect(differentiableInputs(rules, toHalf)).toEqual([true]);
    expect(differentiableInputs(rules, inference)).toEqual([true, true, true, true, true]);
    expect(differentiableInputs(rules, training)).toEqual([true, true, true, false, false]);
    // No rule: every input (differentiating through it would report the missing rule).
    expect(differentiableInputs(rules, sin)).toEqual([true]);
  });

  it('trainable inputs leave out settings and statistics: Clip bounds, running statistics', () => {
    const rules = defaultGradientRules;
    expect(differentiableInputs(rules, clip)).toEqual([true, true, true]);
    expect(trainableInputs(rules, clip)).toEqual([true, false, false]);
    expect(trainableInputs(rules, inference)).toEqual([true, true, true, false, false]);
    expect(trainableInputs(rules, reshape)).toEqual([true, false]);
  });

  it('follow the table they are given', () => {
    const rules = { ...defaultGradientRules, Sin: defineGradientRule((ctx) => [ctx.g.mul(ctx.dOutputs[0]!, 0)], { nonDifferentiable: [0] }) };
    expect(differentiableInputs(rules, sin)).toEqual([false]);
  });
});

describe('defineGradientRule', () => {
  it('returns a new rule with the facts, leaving the rule it wraps as it was', () => {
    const declared = defineGradientRule(base, { nonDifferentiable: [1], nonTrainable: [2] });
    expect(declared).not.toBe(base);
    expect(declared.nonDifferentiable).toEqual([1]);
    expect(declared.nonTrainable).toEqual([2]);
    expect(base.nonDifferentiable).toBeUndefined();
    const again = defineGradientRule(declared, { nonTrainable: [3] });
    expect(again.nonDifferentiable).toEqual([1]);
    expect(again.nonTrainable).toEqual([3]);
  });

  it('rejects indices that are not non-negative integers, naming the fact', () => {
    expect(() => defineGradientRule(base, { nonDifferentiable: [-1] })).toThrow(InvalidOptionError);
    expect(() => defineGradientRule(base, { nonTrainable: [0.5] })).toThrow(/Invalid option nonTrainable: expected a list of input indices.*received \[0.5\]/);
  });
});
