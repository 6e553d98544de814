import {
  type GraphBuilder,
  InvalidInputError,
  type Node,
  UnsupportedOperatorError,
  type Value,
  isFloat,
} from '@losskit/graph';
import { differentiableInputs, ruleFor, ruleKey } from './inputs';
import { GradientRuleError, applyOverride, gradientOverrides } from './overrides';
import { defaultGradientRules } from './rules/index';
import type { GradientRules } from './types';

/** Options of {@link gradients}. */
export interface GradientOptions {
  /** Gradient of the final objective w.r.t. `y`; defaults to ones shaped like `y`. */
  readonly seed?: Value;
  /**
   * Gradient rules by operator type (`domain.Op` for operators outside the default ONNX domain).
   * Defaults to {@link defaultGradientRules}; pass `{ ...defaultGradientRules, MyOp: rule }` to
   * add your own for one call, without touching global state.
   */
  readonly rules?: GradientRules;
}

/**
 * Checks the arity of a rule's result (as tinygrad does): gradients for inputs the node does not
 * have, or none where an input needs one, mean a wrong rule, which would otherwise read as a zero
 * gradient.
 */
function checkArity(node: Node, inputs: readonly (Value | undefined)[], results: readonly (Value | undefined)[], needsGradient: (i: number) => boolean): void {
  const missing = inputs.findIndex((_, i) => i >= results.length && needsGradient(i));
  // Rules may answer `undefined` for optional inputs a node leaves out; a value there is wrong.
  const extra = results.slice(inputs.length).some((r) => r !== undefined);
  if (extra || missing >= 0) {
    throw new GradientRuleError(
      `The gradient rule of ${ruleKey(node)} (node "${node.name}") returned ${results.length} gradients for its ${inputs.length} inputs` +
        (missing >= 0 ? `; input ${missing} ("${inputs[missing]!.name}") needs one` : ''),
      node.op,
    );
  }
}

/**
 * Reverse-mode differentiation: appends to `g` the nodes that compute d`y`/d`x` for each `x` in
 * `wrt`, and returns those gradient values (zeros where `y` does not depend on `x`).
 *
 * Only nodes on a path from `wrt` to `y` are differentiated, only through float values and
 * through the inputs their rules do not declare non-differentiable.
 * Closed-form gradients registered with `defineGradient` replace the nodes they cover. A node
 * on such a path whose operator has no rule is an {@link UnsupportedOperatorError} that lists
 * every such operator.
 */
export function gradients(g: GraphBuilder, y: Value, wrt: readonly Value[], options: GradientOptions = {}): Value[] {
  const rules = options.rules ?? defaultGradientRules;
  const nodes = [...g.nodes];
  const producer = new Map<string, number>();
  nodes.forEach((node, index) => node.outputs.forEach((name) => producer.set(name, index)));

  // Effective inputs: an override replaces its producer node's inputs with its own. Otherwise
  // only the inputs the rule does not declare non-differentiable carry a gradient: values that
  // reach a node only through the others (shapes, indices, conditions) are constants to it.
  const overrides = gradientOverrides(g);
  const overrideFor = (node: Node) => (node.outputs.length === 1 ? overrides.get(node.outputs[0]!) : undefined);
  const effectiveInputs = (node: Node): readonly string[] => {
    const override = overrideFor(node);
    if (override) return override.inputs;
    const flows = differentiableInputs(rules, node);
    return node.inputs.filter((name, i) => flows[i]);
  };

  // Values that depend on some x in wrt (forward pass over topologically ordered nodes).
  const dependsOnWrt = new Set(wrt.map((x) => x.name));
  for (const node of nodes) {
    if (effectiveInputs(node).some((name) => dependsOnWrt.has(name))) {
      for (const out of node.outputs) if (isFloat(g.value(out).dtype)) dependsOnWrt.add(out);
    }
  }
  // Nodes that y depends on (backward pass), restricted to the ones that depend on wrt.
  const needed = new Set<number>();
  const stack = [y.name];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (visited.has(name)) continue;
    visited.add(name);
    const index = producer.get(name);
    if (index === undefined || !dependsOnWrt.has(name)) continue;
    needed.add(index);
    for (const input of effectiveInputs(nodes[index]!)) if (input) stack.push(input);
  }

  const missing = [...needed].toSorted((a, b) => a - b).map((i) => nodes[i]!).filter((n) => !overrideFor(n) && !ruleFor(rules, n));
  if (missing.length > 0) {
    const nodeNames: Record<string, string[]> = {};
    for (const n of missing) (nodeNames[ruleKey(n)] ??= []).push(n.name);
    throw new UnsupportedOperatorError(
      missing.map(ruleKey),
      'No gradient rule for operators on the path being differentiated',
      nodeNames,
    );
  }

  const grads = new Map<string, Value>();
  const accumulate = (input: Value, grad: Value | undefined, node: Node) => {
    if (!grad) return;
    if (grad.shape.length !== input.shape.length || grad.shape.some((d, i) => d !== input.shape[i])) {
      throw new GradientRuleError(
        `Gradient rule for ${node.op} returned shape [${grad.shape.join(', ')}] for input "${input.name}" of shape [${input.shape.join(', ')}]`,
        node.op,
      );
    }
    const previous = grads.get(input.name);
    grads.set(input.name, previous ? g.add(previous, grad) : grad);
  };

  if (options.seed && options.seed.shape.join() !== y.shape.join()) {
    throw new InvalidInputError('seed', `shape [${y.shape.join(', ')}] (the shape of y)`, `[${options.seed.shape.join(', ')}]`);
  }
  grads.set(y.name, options.seed ?? g.expand(g.constant(1, y.dtype), y.shape));

  for (let index = nodes.length - 1; index >= 0; index--) {
    if (!needed.has(index)) continue;
    const node = nodes[index]!;
    const dOutputs = node.outputs.map((name) => grads.get(name));
    if (dOutputs.every((d) => d === undefined)) continue;
    const override = overrideFor(node);
    if (override) {
      const inputs = override.inputs.map((name) => g.value(name));
      const results = applyOverride(g, override, dOutputs[0]!);
      inputs.forEach((input, i) => {
        if (dependsOnWrt.has(input.name)) accumulate(input, results[i], node);
      });
      continue;
    }
    const inputs = node.inputs.map((name) => (name === '' ? undefined : g.value(name)));
    const flows = differentiableInputs(rules, node);
    const needsGradient = (i: number) => {
      const input = inputs[i];
      return input !== undefined && flows[i] === true && dependsOnWrt.has(input.name);
    };
    const results = ruleFor(rules, node)!({
      g,
      node,
      inputs,
      outputs: node.outputs.map((name) => g.value(name)),
      dOutputs,
      needsGradient,
    });
    checkArity(node, inputs, results, needsGradient);
    inputs.forEach((input, i) => {
      if (input && needsGradient(i)) accumulate(input, results[i], node);
    });
  }

  return wrt.map((x) => grads.get(x.name) ?? g.expand(g.constant(0, x.dtype), x.shape));
}
