import { UnsupportedOperatorError, type Value, attributeValue } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

/**
 * The axes a reduction node reduced, normalised to non-negative indices: from its constant `axes`
 * input (opset 18; ReduceSum from 13) or from its `axes` attribute (the older form).
 */
function reducedAxes(ctx: GradientContext): number[] {
  const x = ctx.inputs[0]!;
  const axesInput = ctx.inputs[1];
  const data = axesInput ? ctx.g.constantValue(axesInput.name) : undefined;
  if (axesInput && !data) throw new UnsupportedOperatorError([ctx.node.op], 'Cannot differentiate: axes must be a constant');
  const axes = data ? Array.from(data as ArrayLike<number | bigint>, Number) : [...(attributeValue(ctx.node.attributes, 'axes', 'ints') ?? [])];
  if (axes.length === 0) return attributeValue(ctx.node.attributes, 'noop_with_empty_axes', 'int') === 1 ? [] : x.shape.map((_, i) => i);
  return axes.map((a) => (a < 0 ? a + x.shape.length : a));
}

/** Broadcasts a reduced value (the output or its gradient, keepdims or not) back over the input's shape. */
function spread(ctx: GradientContext, d: Value): Value {
  const x = ctx.inputs[0]!;
  const axes = new Set(reducedAxes(ctx));
  const keptShape = x.shape.map((size, i) => (axes.has(i) ? 1 : size));
  const kept = d.shape.length === keptShape.length ? d : ctx.g.reshape(d, keptShape);
  return ctx.g.expand(kept, x.shape);
}

/**
 * ReduceMax and ReduceMin: the gradient goes to the cells equal to the result, split evenly
 * between ties, as PyTorch's `amax`/`amin` (which export to these operators) have it.
 */
const extremum: GradientRule = defineGradientRule(
  (ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    const hit = g.cast(g.equal(x, spread(ctx, ctx.outputs[0]!)), x.dtype);
    const axes = reducedAxes(ctx);
    // With no axis reduced (noop_with_empty_axes) every cell is its own, untied, result.
    const ties = axes.length > 0 ? g.reduceSum(hit, { axes, keepdims: true }) : undefined;
    const dy = spread(ctx, ctx.dOutputs[0]!);
    return [g.mul(hit, ties ? g.div(dy, ties) : dy)];
  },
  { nonDifferentiable: [1] },
);

/**
 * ReduceLogSumExp: d/dx log Σ exp(x) = exp(x - y), the softmax of x along the reduced axes,
 * formed from the output so that nothing overflows where the forward did not.
 */
const logSumExp: GradientRule = defineGradientRule(
  (ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    return [g.mul(g.exp(g.sub(x, spread(ctx, ctx.outputs[0]!))), spread(ctx, ctx.dOutputs[0]!))];
  },
  { nonDifferentiable: [1] },
);

export const reduceRules: Record<string, GradientRule> = {
  ReduceSum: defineGradientRule((ctx) => [spread(ctx, ctx.dOutputs[0]!)], { nonDifferentiable: [1] }),
  ReduceMean: defineGradientRule((ctx) => {
    const x = ctx.inputs[0]!;
    const count = reducedAxes(ctx).reduce((n, axis) => n * x.shape[axis]!, 1);
    return [spread(ctx, ctx.g.div(ctx.dOutputs[0]!, count))];
  }, { nonDifferentiable: [1] }),
  ReduceMax: extremum,
  ReduceMin: extremum,
  ReduceLogSumExp: logSumExp,
};
