import { type GraphBuilder, type Value, log1p, resolveAxes } from '@losskit/core';

/** Why the prediction needs a last axis, for errors. */
export const AXIS_USE = 'log-cosh averages over the last axis';

/**
 * Keras's log-cosh: `mean(log(cosh(x)))` over the last axis, `x = p - t`. Keras computes
 * `log(cosh(x))` as `x + softplus(-2x) - log 2`; this is the same function written as
 * `|x| + log1p(exp(-2|x|)) - log 2`, whose exp never exceeds 1, so errors in the hundreds stay
 * finite in float32 on every provider (cosh itself overflows past 89).
 */
export function logCoshElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  resolveAxes(prediction.shape, [-1], AXIS_USE);
  const a = g.abs(g.sub(prediction, target));
  const logCosh = g.sub(g.add(a, log1p(g, g.exp(g.mul(a, -2)))), Math.LN2);
  return g.reduceMean(logCosh, { axes: [-1], keepdims: false });
}

/** The closed-form gradient `tanh(p - t) / D` (D the size of the last axis), exact and smooth at 0. */
export function logCoshGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value): Value {
  const last = prediction.shape.length - 1;
  return g.mul(g.unsqueeze(g.div(dLoss, prediction.shape[last]!), [last]), g.tanh(g.sub(prediction, target)));
}
