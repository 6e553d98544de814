import type { GraphBuilder, Value } from '@losskit/core';
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
 * The values the logits loss and its gradient share: `e = exp(-|x|)` in (0, 1], `w = 1 + e` and
 * whether `x < 0`. Both build them from the same nodes, which the model optimizer merges, so one
 * Exp serves the loss and the gradient.
 */
function logitParts(g: GraphBuilder, x: Value): { absX: Value; e: Value; w: Value; negativeX: Value } {
  const absX = g.abs(x);
  const e = g.exp(g.neg(absX));
  return { absX, e, w: g.add(e, 1), negativeX: g.less(x, 0) };
}

/**
 * `log(1 + e)` for `e` in [0, 1] given `w = fl(1 + e)`: `log(w)` minus the rounding of `1 + e`,
 * `(w - 1) - e`, which is computed exactly (Sterbenz, then Fast2Sum as `e <= 1`). Tiny `e`
 * (`w = 1`) gives `e` itself, so `softplus(-x)` keeps full relative precision for large `x`;
 * leaving out the division of the correction by `w` costs at most 2^-24 of relative error. Four
 * passes where the general `log1p` needs eight.
 */
function log1pOfUnitInterval(g: GraphBuilder, e: Value, w: Value): Value {
  return g.sub(g.log(w), g.sub(g.sub(w, 1), e));
}

/**
 * `pw y softplus(-x) + (1 - y) softplus(x)` with `softplus(±x) = max(±x, 0) + log(1 + exp(-|x|))`.
 * This is PyTorch's `max(x, 0) - x y + log(1 + exp(-|x|))` (and, with posWeight, its
 * `(1 - y) x + (1 + (pw - 1) y) (log(1 + exp(-|x|)) + max(-x, 0))`) rearranged as a sum of
 * non-negative terms: as stable for any finite x, but soft targets lose no float32 precision to
 * the cancellation in `x - x y`. With `P = pw y` and `Q = 1 - y` it is
 * `(P + Q) log(1 + exp(-|x|)) + |x| (x < 0 ? P : Q)`, since only one of `max(±x, 0)` is non-zero.
 */
function logitsLoss(g: GraphBuilder, x: Value, y: Value, pw: Value | number | undefined): Value {
  const { absX, e, w, negativeX } = logitParts(g, x);
  // log(1 + exp(-|x|)) is in [0, log 2], so nothing overflows for any finite x.
  const softTerm = log1pOfUnitInterval(g, e, w);
  const positive = pw === undefined ? y : g.mul(y, pw);
  const negative = g.sub(1, y);
  const linear = g.mul(absX, g.where(negativeX, positive, negative));
  return g.add(pw === undefined ? softTerm : g.mul(g.add(positive, negative), softTerm), linear);
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
 *   rounding of `1 - sigmoid(x)` to 0 for large x, from the loss's `exp(-|x|)`;
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
    // With s = sigmoid(-|x|) = e / (1 + e): sigmoid(x) = 1 - s, sigmoid(-x) = s for x >= 0 (and
    // the other way round for x < 0), so the derivative is Q - (P + Q) s or (P + Q) s - P. Each
    // branch is exact where its true value is tiny (y = 1, x large: -s), like the two sigmoids
    // it replaces, and shares the loss's Exp.
    const { e, w, negativeX } = logitParts(g, prediction);
    const s = g.div(e, w);
    const scaled = pw === undefined ? s : g.mul(g.add(positive, negative), s);
    derivative = g.where(negativeX, g.sub(scaled, positive), g.sub(negative, scaled));
  } else if (settings.epsilon === undefined) {
    const numerator = g.sub(g.mul(negative, prediction), g.mul(positive, oneMinusP));
    derivative = g.div(numerator, g.max(g.mul(prediction, oneMinusP), GRADIENT_EPSILON));
  } else {
    derivative = g.sub(g.div(negative, g.add(oneMinusP, settings.epsilon)), g.div(positive, g.add(prediction, settings.epsilon)));
  }
  return g.mul(dLoss, derivative);
}
