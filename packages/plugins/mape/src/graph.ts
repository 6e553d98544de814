import { type GraphBuilder, type Value, resolveAxes } from '@losskit/core';

/** Why the prediction needs a last axis, for errors. */
export const AXIS_USE = 'mape averages over the last axis';

/** Keras's `backend.epsilon()`: the floor of `|t|` in the denominator. */
export const EPSILON = 1e-7;

/**
 * Keras's mean absolute percentage error: `100 mean(|t - p| / max(|t|, ε))` over the last axis.
 * Differentiated by autodiff (its Abs rule gives 0 at `p = t`, as TensorFlow's sign does).
 */
export function mapeElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  resolveAxes(prediction.shape, [-1], AXIS_USE);
  const relative = g.div(g.abs(g.sub(target, prediction)), g.max(g.abs(target), EPSILON));
  return g.mul(g.reduceMean(relative, { axes: [-1], keepdims: false }), 100);
}
