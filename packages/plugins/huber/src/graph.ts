import type { GraphBuilder, Value } from '@losskit/core';

/**
 * `c = clip(x, -δ, δ)` of the error `x = prediction - target`: the Huber loss's derivative, and
 * the one clamp from which the loss follows.
 */
function clippedError(g: GraphBuilder, prediction: Value, target: Value, delta: number): { error: Value; clipped: Value } {
  const error = g.sub(prediction, target);
  return { error, clipped: g.clip(error, -delta, delta) };
}

/**
 * Huber loss as `c (x - c / 2)` with `c = clip(x, -δ, δ)`: `x² / 2` where `|x| <= δ` (there
 * `c = x`) and `δ (|x| - δ / 2)` beyond (there `c = ±δ`). One Clip instead of Abs, Less and a
 * Where over both branches.
 */
export function huberElementwise(g: GraphBuilder, prediction: Value, target: Value, delta: number): Value {
  const { error, clipped } = clippedError(g, prediction, target, delta);
  return g.mul(clipped, g.sub(error, g.mul(clipped, 0.5)));
}

/** The closed-form gradient `dl · clip(x, -δ, δ)`, PyTorch's `huber_loss_backward`. */
export function huberGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, delta: number): Value {
  return g.mul(dLoss, clippedError(g, prediction, target, delta).clipped);
}
