import type { GraphBuilder, Value } from '@losskit/core';

/**
 * `t (log t - x)` for probabilities `t >= 0`, PyTorch's `xlogy(t, t) - t x`: 0 where `t = 0`.
 * The log sees 1 there instead of 0 (WGSL leaves `log(0)` undefined, so a GPU may not give
 * -inf), and the product with `t = 0` is 0. With log-probabilities: `exp(t) (t - x)`.
 */
export function klDivElementwise(g: GraphBuilder, logProbabilities: Value, target: Value, logTarget: boolean): Value {
  if (logTarget) return g.mul(g.exp(target), g.sub(target, logProbabilities));
  const logTargetValues = g.log(g.where(g.greater(target, 0), target, 1));
  return g.mul(target, g.sub(logTargetValues, logProbabilities));
}

/** The loss is linear in `x`: d l / d x = `-t` (`-exp(t)` with log-probabilities). */
export function klDivGradient(g: GraphBuilder, target: Value, dLoss: Value, logTarget: boolean): Value {
  return g.mul(g.neg(logTarget ? g.exp(target) : target), dLoss);
}
