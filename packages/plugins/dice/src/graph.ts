import { type GraphBuilder, type Value, resolveAxes } from '@losskit/core';

/** Keras's `backend.epsilon()`, added to the denominator. */
export const EPSILON = 1e-7;

/** Where the summed axes come from, for errors. */
export const AXIS_SOURCE = 'dice.axis';

/**
 * Keras's dice loss: `1 - 2 Σ t p / (Σ t + Σ p + ε)`, the sums over `axis` (every axis when
 * undefined), those axes removed. Differentiated by autodiff.
 */
export function diceElementwise(g: GraphBuilder, prediction: Value, target: Value, axis: readonly number[] | undefined): Value {
  const axes = resolveAxes(prediction.shape, axis, AXIS_SOURCE);
  const sum = (x: Value) => g.reduceSum(x, { axes, keepdims: false });
  const overlap = g.mul(sum(g.mul(target, prediction)), 2);
  return g.sub(1, g.div(overlap, g.add(g.add(sum(target), sum(prediction)), EPSILON)));
}
