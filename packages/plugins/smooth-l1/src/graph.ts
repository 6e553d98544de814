import type { GraphBuilder, Value } from '@losskit/core';

/** `s = clip(x / β, -1, 1)` of the error `x = prediction - target`: the loss's derivative. */
function slope(g: GraphBuilder, error: Value, beta: number): Value {
  return g.clip(g.div(error, beta), -1, 1);
}

/**
 * Smooth L1 for `β > 0` as `s (x - β s / 2)` with `s = clip(x / β, -1, 1)`: `x² / (2β)` where
 * `|x| <= β` (there `s = x / β`) and `|x| - β / 2` beyond (there `s = ±1`), from one Clip.
 * `β = 0` is plain L1, `|x|`: the quadratic piece would divide by zero.
 */
export function smoothL1Elementwise(g: GraphBuilder, prediction: Value, target: Value, beta: number): Value {
  const error = g.sub(prediction, target);
  if (beta === 0) return g.abs(error);
  const s = slope(g, error, beta);
  return g.mul(s, g.sub(error, g.mul(s, beta / 2)));
}

/** The closed-form gradient for `β > 0`, `dl · clip(x / β, -1, 1)`: PyTorch's `smooth_l1_loss_backward`. */
export function smoothL1Gradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, beta: number): Value {
  return g.mul(dLoss, slope(g, g.sub(prediction, target), beta));
}
