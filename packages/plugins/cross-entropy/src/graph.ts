import { type ClassTargetSettings, type GraphBuilder, type Value, classCoefficients, classLabels, resolveClassAxis } from '@losskit/core';

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
 * Whether the loss takes the label form ({@link labelParts}): class indices without label
 * smoothing, so each position's coefficients are one weighted one-hot, and classes along the
 * innermost axis that is not 1 (`[N, C]`, `[N, ..., C]`), where ONNX Runtime's Softmax runs
 * row by row without transposing.
 */
function usesLabelForm(logits: Value, settings: ClassTargetSettings): boolean {
  const axis = resolveClassAxis(logits.shape, settings.classAxis);
  return settings.targets === 'indices' && settings.labelSmoothing === 0 && logits.shape.slice(axis + 1).every((d) => d === 1);
}

/**
 * The label form's parts: `p = softmax(x)` (one fused, row-parallel kernel on every provider) and,
 * per position, `-log p_y = max x - log max p - x_y` with the class axis kept (size 1), before
 * class weights. `max x - log max p` is the log-sum-exp (`max p = 1 / Σ exp(x - max x)`), and
 * `max p >= 1/C` never underflows, so logits of ±1e4 give exact, finite values, where `log p_y`
 * would be `log 0`. `x_y` is one GatherElements of `x`, not a product with a one-hot of its size.
 * (An ArgMax of `p` in place of the two ReduceMax reads runs slower on ONNX Runtime's CPU.)
 */
function labelParts(g: GraphBuilder, logits: Value, target: Value, settings: ClassTargetSettings, axis: number) {
  const labels = classLabels(g, target, logits, settings);
  const p = g.softmax(logits, axis);
  const max = (v: Value) => g.reduceMax(v, { axes: [axis], keepdims: true });
  const logSumExp = g.sub(max(logits), g.log(max(p)));
  return { ...labels, p, surprise: g.sub(logSumExp, g.gatherElements(logits, labels.index, axis)) };
}

/**
 * Cross-entropy of logits `x` against the coefficients `b` of the target (see
 * `classCoefficients` in @losskit/core): `l = -Σ_c b_c log softmax(x)_c` along the class axis.
 */
export function crossEntropyElementwise(g: GraphBuilder, logits: Value, target: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logits.shape, settings.classAxis);
  if (usesLabelForm(logits, settings)) {
    const { surprise, weight } = labelParts(g, logits, target, settings, axis);
    return g.mul(g.squeeze(surprise, [axis]), weight);
  }
  const b = classCoefficients(g, logits, target, settings);
  const { z, sum } = logSumExpParts(g, logits, axis);
  return g.neg(g.reduceSum(g.mul(b, g.sub(z, g.log(sum))), { axes: [axis], keepdims: false }));
}

/**
 * The closed-form gradient `dl (Σ_c b_c softmax(x) - b)`: softmax minus the (smoothed, weighted)
 * one-hot, where autodiff would differentiate every node of the log-sum-exp. In the label form
 * it is `dl w_y (p - onehot(y))`: `p_y - 1` written over each label's `p_y` (ScatterElements),
 * then one row scaling, so one pass over the logits' size after the softmax, where the one-hot
 * form takes six.
 */
export function crossEntropyGradient(g: GraphBuilder, logits: Value, target: Value, dLoss: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(logits.shape, settings.classAxis);
  if (usesLabelForm(logits, settings)) {
    // The loss's nodes again: optimizeGraph merges them, so ONNX Runtime computes them once.
    const { p, surprise, index, weight } = labelParts(g, logits, target, settings, axis);
    // p_y - 1 written over p_y. p_y = exp(-surprise) reads the loss's value, so the scatter runs
    // after every other reader of p, and ONNX Runtime writes it into p's buffer instead of copying.
    const shifted = g.scatterElements(p, index, g.sub(g.exp(g.neg(surprise)), 1), axis);
    return g.mul(shifted, g.unsqueeze(g.mul(dLoss, weight), [axis]));
  }
  const b = classCoefficients(g, logits, target, settings);
  const { e, sum } = logSumExpParts(g, logits, axis);
  const mass = g.reduceSum(b, { axes: [axis], keepdims: true });
  return g.mul(g.sub(g.mul(e, g.div(mass, sum)), b), g.unsqueeze(dLoss, [axis]));
}
