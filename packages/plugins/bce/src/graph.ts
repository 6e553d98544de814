import { type GraphBuilder, type Value, log1p } from '@losskit/core';
import { checkPosWeightDims } from './pos-weight';
import { type BceSettings, GRADIENT_EPSILON, LOG_CLAMP } from './settings';

/** The smoothed target `y (1 - s) + s / 2`, or the target itself when `s = 0`. */
function smoothed(g: GraphBuilder, target: Value, s: number): Value {
  return s === 0 ? target : g.add(g.mul(target, 1 - s), s / 2);
}

/** posWeight as a graph constant, after checking it broadcasts over the target. */
function posWeightValue(g: GraphBuilder, settings: BceSettings, target: Value): Value | number | undefined {
  const { posWeight } = settings;
  checkPosWeightDims(posWeight, target.shape);
  if (typeof posWeight !== 'object') return posWeight;
  return g.constant(Float32Array.from(posWeight.data), 'float32', posWeight.dims);
}

/**
 * `max(log(x), -100)` for `x >= 0`. The log never sees 0: WGSL leaves `log(0)` undefined, so a
 * GPU may not return -inf there.
 */
function clampedLog(g: GraphBuilder, x: Value): Value {
  const positive = g.greater(x, 0);
  const log = g.log(g.where(positive, x, 1));
  return g.where(positive, g.max(log, LOG_CLAMP), LOG_CLAMP);
}

/**
 * `pw y softplus(-x) + (1 - y) softplus(x)` with `softplus(±x) = max(±x, 0) + log(1 + exp(-|x|))`.
 * This is PyTorch's `max(x, 0) - x y + log(1 + exp(-|x|))` (and, with posWeight, its
 * `(1 - y) x + (1 + (pw - 1) y) (log(1 + exp(-|x|)) + max(-x, 0))`) rearranged as a sum of
 * non-negative terms: as stable for any finite x, but soft targets lose no float32 precision to
 * the cancellation in `x - x y`.
 */
function logitsLoss(g: GraphBuilder, x: Value, y: Value, pw: Value | number | undefined): Value {
  // log(1 + exp(-|x|)) is in [0, log 2], so nothing overflows for any finite x.
  const softTerm = log1p(g, g.exp(g.neg(g.abs(x))));
  const softplusOfX = g.add(g.max(x, 0), softTerm);
  const softplusOfMinusX = g.add(g.max(g.neg(x), 0), softTerm);
  const positive = g.mul(y, softplusOfMinusX);
  return g.add(pw === undefined ? positive : g.mul(positive, pw), g.mul(g.sub(1, y), softplusOfX));
}

function probabilityLoss(g: GraphBuilder, p: Value, y: Value, pw: Value | number | undefined, epsilon: number | undefined): Value {
  const oneMinusP = g.sub(1, p);
  const logP = epsilon === undefined ? clampedLog(g, p) : g.log(g.add(p, epsilon));
  const logOneMinusP = epsilon === undefined ? clampedLog(g, oneMinusP) : g.log(g.add(oneMinusP, epsilon));
  const positive = g.mul(y, logP);
  const weighted = pw === undefined ? positive : g.mul(positive, pw);
  // 0 - (...) rather than Neg: a zero loss comes out as +0, not -0.
  return g.sub(0, g.add(weighted, g.mul(g.sub(1, y), logOneMinusP)));
}

/** Emits the unreduced binary cross-entropy. */
export function bceElementwise(g: GraphBuilder, prediction: Value, target: Value, settings: BceSettings): Value {
  const y = smoothed(g, target, settings.labelSmoothing);
  const pw = posWeightValue(g, settings, target);
  return settings.fromLogits ? logitsLoss(g, prediction, y, pw) : probabilityLoss(g, prediction, y, pw, settings.epsilon);
}

/**
 * The closed-form d loss / d prediction times `dLoss`, stable where autodiff through the
 * clamped logs or `exp` would give NaN or infinity:
 * - logits: `(1 - y) sigmoid(x) - pw y sigmoid(-x)`, which is PyTorch's
 *   `(1 + (pw - 1) y) sigmoid(x) - pw y` (`sigmoid(x) - y` without posWeight) without the
 *   rounding of `1 - sigmoid(x)` to 0 for large x;
 * - probabilities: `((1 - y) p - pw y (1 - p)) / max(p (1 - p), 1e-12)`, PyTorch's BCELoss
 *   backward `(p - y) / max(p (1 - p), 1e-12)` when pw = 1 (-1e12 at p = 0, y = 1);
 * - probabilities with epsilon: `(1 - y) / (1 - p + eps) - pw y / (p + eps)`.
 */
export function bceGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, settings: BceSettings): Value {
  const y = smoothed(g, target, settings.labelSmoothing);
  const pw = posWeightValue(g, settings, target);
  const positive = pw === undefined ? y : g.mul(y, pw);
  const negative = g.sub(1, y);
  const oneMinusP = g.sub(1, prediction);
  let derivative: Value;
  if (settings.fromLogits) {
    derivative = g.sub(g.mul(negative, g.sigmoid(prediction)), g.mul(positive, g.sigmoid(g.neg(prediction))));
  } else if (settings.epsilon === undefined) {
    const numerator = g.sub(g.mul(negative, prediction), g.mul(positive, oneMinusP));
    derivative = g.div(numerator, g.max(g.mul(prediction, oneMinusP), GRADIENT_EPSILON));
  } else {
    derivative = g.sub(g.div(negative, g.add(oneMinusP, settings.epsilon)), g.div(positive, g.add(prediction, settings.epsilon)));
  }
  return g.mul(dLoss, derivative);
}
