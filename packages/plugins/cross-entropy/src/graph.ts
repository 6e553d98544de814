import { type ClassTargetSettings, type GraphBuilder, type Value, classCoefficients, resolveClassAxis } from '@losskit/core';

/**
 * `z = x - max(x)` and `e = exp(z)` with its sum along the class axis: log-sum-exp, from which
 * both `log softmax = z - log Σe` and `softmax = e / Σe` follow. Built from ReduceMax, Exp,
 * ReduceSum and Log rather than LogSoftmax, which ONNX Runtime's WebGPU provider has no kernel
 * for. Subtracting the maximum keeps every `e` in (0, 1], so logits of ±1e4 stay finite.
 */
function logSumExpParts(g: GraphBuilder, x: Value, axis: number): { z: Value; e: Value; sum: Value } {
  const z = g.sub(x, g.reduceMax(x, { axes: [axis], keepdims: true }));
  const e = g.exp(z);
  return { z, e, sum: g.reduceSum(e, { axes: [axis], keepdims: true }) };
}

/**
 * Cross-entropy of logits `x` against the coefficients `b` of the target (see
 * `classCoefficients` in @losskit/core): `l = -Σ_c b_c log softmax(x)_c` along the class axis.
 */
export function crossEntropyElementwise(g: GraphBuilder, logits: Value, target: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logits.shape, settings.classAxis);
  const b = classCoefficients(g, logits, target, settings);
  const { z, sum } = logSumExpParts(g, logits, axis);
  return g.neg(g.reduceSum(g.mul(b, g.sub(z, g.log(sum))), { axes: [axis], keepdims: false }));
}

/**
 * The closed-form gradient `dl (Σ_c b_c softmax(x) - b)`: softmax minus the (smoothed, weighted)
 * one-hot, where autodiff would differentiate every node of the log-sum-exp.
 */
export function crossEntropyGradient(g: GraphBuilder, logits: Value, target: Value, dLoss: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logits.shape, settings.classAxis);
  const b = classCoefficients(g, logits, target, settings);
  const { e, sum } = logSumExpParts(g, logits, axis);
  const mass = g.reduceSum(b, { axes: [axis], keepdims: true });
  return g.mul(g.sub(g.mul(e, g.div(mass, sum)), b), g.unsqueeze(dLoss, [axis]));
}
