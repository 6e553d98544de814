import { type GraphBuilder, type Value, resolveAxes } from '@losskit/core';

/** Why the prediction needs a last axis, for errors. */
export const AXIS_USE = 'msle averages over the last axis';

/** Keras's `backend.epsilon()`: the floor of both inputs before the log. */
export const EPSILON = 1e-7;

/** `log(max(x, ε) + 1)`, as Keras writes it (a log of a sum, not log1p). */
function logOfClipped(g: GraphBuilder, x: Value): Value {
  return g.log(g.add(g.max(x, EPSILON), 1));
}

/**
 * Keras's mean squared logarithmic error: `mean((log(max(p, ε) + 1) - log(max(t, ε) + 1))^2)`
 * over the last axis. Differentiated by autodiff; below ε the prediction is clipped, so its
 * gradient there is 0, as in Keras.
 */
export function msleElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  resolveAxes(prediction.shape, [-1], AXIS_USE);
  const difference = g.sub(logOfClipped(g, prediction), logOfClipped(g, target));
  return g.reduceMean(g.mul(difference, difference), { axes: [-1], keepdims: false });
}
