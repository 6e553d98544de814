import { type ClassTargetSettings, type GraphBuilder, type Value, classCoefficients, resolveClassAxis } from '@losskit/core';

/**
 * NLL of log-probabilities `x` against the coefficients `b` of the target (see
 * `classCoefficients` in @losskit/core): `l = -Σ_c b_c x_c` along the class axis. With class
 * indices and no smoothing, `b` is the weighted one-hot label, so this is `-w_y x_y`.
 */
export function nllElementwise(g: GraphBuilder, logProbabilities: Value, target: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logProbabilities.shape, settings.classAxis);
  const b = classCoefficients(g, logProbabilities, target, settings);
  return g.neg(g.reduceSum(g.mul(b, logProbabilities), { axes: [axis], keepdims: false }));
}

/** The loss is linear in `x`: its gradient is `-b dl`, with no pass through the reduction. */
export function nllGradient(g: GraphBuilder, logProbabilities: Value, target: Value, dLoss: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logProbabilities.shape, settings.classAxis);
  const b = classCoefficients(g, logProbabilities, target, settings);
  return g.mul(g.neg(b), g.unsqueeze(dLoss, [axis]));
}
