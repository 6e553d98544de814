import { InvalidOptionError, type Node } from '@losskit/graph';
import type { GradientContext, GradientRule, GradientRules, InputFacts } from './types';

/**
 * The key of a node's rule in a {@link GradientRules} table: the operator type for the default
 * ONNX domain, `domain.op` (e.g. `com.example.MyOp`) for any other.
 */
export function ruleKey(node: Node): string {
  return node.domain === '' || node.domain === 'ai.onnx' ? node.op : `${node.domain}.${node.op}`;
}

/** The rule of `node` in `rules`, if the table has one (own keys only: no `constructor` from the prototype). */
export function ruleFor(rules: GradientRules, node: Node): GradientRule | undefined {
  const key = ruleKey(node);
  return Object.hasOwn(rules, key) ? rules[key] : undefined;
}

function checkIndices(name: string, indices: unknown): void {
  if (indices === undefined || typeof indices === 'function') return;
  if (!Array.isArray(indices) || indices.some((i) => !Number.isInteger(i) || i < 0)) {
    throw new InvalidOptionError(name, 'a list of input indices (non-negative integers) or a function (node) => indices', indices);
  }
}

/**
 * A gradient rule with facts about its operator's inputs: which get no gradient
 * (`nonDifferentiable`, indices or a function of the node) and which hold settings or statistics
 * rather than weights (`nonTrainable`). Returns a new function, so one rule can serve several
 * operators with different facts; facts already on `rule` are kept unless `facts` replaces them.
 */
export function defineGradientRule(rule: (ctx: GradientContext) => ReturnType<GradientRule>, facts: InputFacts = {}): GradientRule {
  checkIndices('nonDifferentiable', facts.nonDifferentiable);
  checkIndices('nonTrainable', facts.nonTrainable);
  const inherited = rule as Partial<GradientRule>;
  return Object.assign((ctx: GradientContext) => rule(ctx), {
    ...(inherited.nonDifferentiable === undefined ? {} : { nonDifferentiable: inherited.nonDifferentiable }),
    ...(inherited.nonTrainable === undefined ? {} : { nonTrainable: inherited.nonTrainable }),
    ...facts,
  });
}

function declaredNonDifferentiable(rule: GradientRule | undefined, node: Node): readonly number[] {
  const declared = rule?.nonDifferentiable;
  return (typeof declared === 'function' ? declared(node) : declared) ?? [];
}

/**
 * Which inputs of `node` a gradient flows into under `rules`, one flag per input: false for
 * omitted optional inputs and for those its rule declares non-differentiable. An operator
 * without a rule gets every input (differentiating through it needs a rule, and `gradients`
 * reports the missing one).
 */
export function differentiableInputs(rules: GradientRules, node: Node): boolean[] {
  const blocked = declaredNonDifferentiable(ruleFor(rules, node), node);
  return node.inputs.map((name, i) => name !== '' && !blocked.includes(i));
}

/**
 * Which inputs of `node` may hold a model's weights under `rules`: the differentiable ones
 * (see {@link differentiableInputs}) that its rule does not declare `nonTrainable`.
 */
export function trainableInputs(rules: GradientRules, node: Node): boolean[] {
  const settings = ruleFor(rules, node)?.nonTrainable ?? [];
  return differentiableInputs(rules, node).map((flows, i) => flows && !settings.includes(i));
}
