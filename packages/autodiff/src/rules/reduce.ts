import { UnsupportedOperatorError, type Value } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

/** The axes a reduction node reduced, normalised to non-negative indices. */
function reducedAxes(ctx: GradientContext): number[] {
  const x = ctx.inputs[0]!;
  const axesInput = ctx.inputs[1];
  const data = axesInput ? ctx.g.constantValue(axesInput.name) : undefined;
  if (axesInput && !data) throw new UnsupportedOperatorError([ctx.node.op], 'Cannot differentiate: axes must be a constant');
  const axes = data ? Array.from(data as ArrayLike<number | bigint>, Number) : [];
  const noop = ctx.node.attributes.noop_with_empty_axes;
  if (axes.length === 0) return noop?.type === 'int' && noop.value === 1 ? [] : x.shape.map((_, i) => i);
  return axes.map((a) => (a < 0 ? a + x.shape.length : a));
}

/** Broadcasts the reduced gradient back over the input's shape. */
function spread(ctx: GradientContext, d: Value): Value {
  const x = ctx.inputs[0]!;
  const axes = new Set(reducedAxes(ctx));
  const keptShape = x.shape.map((size, i) => (axes.has(i) ? 1 : size));
  const kept = d.shape.length === keptShape.length ? d : ctx.g.reshape(d, keptShape);
  return ctx.g.expand(kept, x.shape);
}

export const reduceRules: Record<string, GradientRule> = {
  ReduceSum: defineGradientRule((ctx) => [spread(ctx, ctx.dOutputs[0]!)], { nonDifferentiable: [1] }),
  ReduceMean: defineGradientRule((ctx) => {
    const x = ctx.inputs[0]!;
    const count = reducedAxes(ctx).reduce((n, axis) => n * x.shape[axis]!, 1);
    return [spread(ctx, ctx.g.div(ctx.dOutputs[0]!, count))];
  }, { nonDifferentiable: [1] }),
};
