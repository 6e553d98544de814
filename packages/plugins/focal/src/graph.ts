import { type GraphBuilder, type Value, sigmoids, softplus } from '@losskit/core';

/** The resolved options the graph needs: `alpha` is `undefined` when weighting is off. */
export interface FocalSettings {
  readonly alpha: number | undefined;
  readonly gamma: number;
}

/**
 * The parts of the loss at logits `x` and targets `y`, each free of cancellation:
 * `p = sigmoid(x)`, `q = sigmoid(-x) = 1 - p`, the logits BCE `ce = y softplus(-x) + (1 - y)
 * softplus(x)`, and `m = 1 - p_t = p (1 - y) + q y` (torchvision's `p_t = p y + (1 - p)(1 - y)`),
 * a sum of non-negative terms, so a confident right answer keeps its tiny `m` instead of 0.
 */
function focalParts(g: GraphBuilder, x: Value, y: Value): { p: Value; q: Value; ce: Value; m: Value; oneMinusY: Value } {
  const { sigmoid: p, complement: q } = sigmoids(g, x);
  const oneMinusY = g.sub(1, y);
  const ce = g.add(g.mul(y, softplus(g, g.neg(x))), g.mul(oneMinusY, softplus(g, x)));
  return { p, q, ce, m: g.add(g.mul(p, oneMinusY), g.mul(q, y)), oneMinusY };
}

/**
 * `m^gamma` for `m >= 0`, or `undefined` for gamma 0 (a factor of 1). Small integer powers are
 * products; others a Pow that never sees 0, whose WGSL form `exp2(gamma log2(m))` is undefined there.
 */
function modulatingFactor(g: GraphBuilder, m: Value, gamma: number): Value | undefined {
  if (gamma === 0) return undefined;
  if (Number.isInteger(gamma) && gamma <= 4) {
    let power = m;
    for (let k = 1; k < gamma; k++) power = g.mul(power, m);
    return power;
  }
  const positive = g.greater(m, 0);
  return g.where(positive, g.pow(g.where(positive, m, 1), gamma), 0);
}

/** `alpha_t = alpha y + (1 - alpha)(1 - y)`, or `undefined` without weighting. */
function alphaWeight(g: GraphBuilder, y: Value, oneMinusY: Value, alpha: number | undefined): Value | undefined {
  return alpha === undefined ? undefined : g.add(g.mul(y, alpha), g.mul(oneMinusY, 1 - alpha));
}

function times(g: GraphBuilder, x: Value, factor: Value | undefined): Value {
  return factor === undefined ? x : g.mul(x, factor);
}

/** torchvision's sigmoid focal loss, unreduced: `alpha_t ce m^gamma`. */
export function focalElementwise(g: GraphBuilder, logits: Value, target: Value, settings: FocalSettings): Value {
  const { ce, m, oneMinusY } = focalParts(g, logits, target);
  return times(g, times(g, ce, modulatingFactor(g, m, settings.gamma)), alphaWeight(g, target, oneMinusY, settings.alpha));
}

/**
 * The closed-form d l / d x times `dLoss`: with `dm/dx = p q (1 - 2y)` and `dce/dx = p - y`,
 * `alpha_t m^gamma ((p - y) + gamma ce p q (1 - 2y) / m)`. `p - y` is computed as
 * `p (1 - y) - q y` and `p q / m` is finite (it tends to p or q as m tends to 0), so the gradient
 * has no `m^(gamma - 1)`, which is infinite at `m = 0` for gamma < 1; where `m` underflows to 0
 * the whole gradient is 0, as its limit is.
 */
export function focalGradient(g: GraphBuilder, logits: Value, target: Value, dLoss: Value, settings: FocalSettings): Value {
  const { p, q, ce, m, oneMinusY } = focalParts(g, logits, target);
  let derivative = g.sub(g.mul(p, oneMinusY), g.mul(q, target));
  if (settings.gamma !== 0) {
    const positive = g.greater(m, 0);
    const ratio = g.where(positive, g.div(g.mul(p, q), g.where(positive, m, 1)), 0);
    const slope = g.mul(g.mul(ratio, g.sub(1, g.mul(target, 2))), g.mul(ce, settings.gamma));
    derivative = g.add(derivative, slope);
  }
  const factor = modulatingFactor(g, m, settings.gamma);
  return g.mul(times(g, times(g, derivative, factor), alphaWeight(g, target, oneMinusY, settings.alpha)), dLoss);
}
