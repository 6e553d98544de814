import type { GraphBuilder, Value } from '@losskit/core';
import type { CtcForward, CtcSettings } from './forward';
import { concatMany, logAddExp, shiftLeft, shiftedExp } from './log-space';

/**
 * The closed-form gradient of the elementwise CTC loss w.r.t. the log-probabilities, given
 * `dLoss` `[N]` (the objective's gradient w.r.t. each sample's loss): the alpha-beta form of
 * Graves et al. (2006), `d(-log p) / d log p_t(c) = -Σ_{s: l'_s = c} α_t(s) β_t(s) / p`, where
 * `β_t(s)` is the log-probability of emitting the frames after `t` from state `s`. It is the
 * derivative with the log-probabilities as free inputs; PyTorch's own backward adds
 * `exp(log p) · dLoss`, which only cancels after a log-softmax (see the README).
 *
 * An impossible alignment has zero gradient with `zeroInfinity`; without it, NaN on the
 * sample's frames (its loss is +Infinity), as PyTorch gives. Frames past an input length get 0.
 */
export function ctcGradient(g: GraphBuilder, forward: CtcForward, dLoss: Value, settings: CtcSettings): Value {
  const { labels, emissions, alphas, frames } = forward;
  const T = alphas.length;
  const [, n, length] = alphas[0]!.shape as [number, number, number];
  // Backward (beta) recursion, unrolled like the forward one: at the last frame of a sample,
  // only its final states count; before that, a state continues to itself, s + 1, or s + 2.
  const betas: Value[] = Array.from({ length: T });
  betas[T - 1] = labels.end;
  for (let t = T - 2; t >= 0; t--) {
    const next = g.add(betas[t + 1]!, emissions[t + 1]!);
    const terms = [next];
    if (length > 1) terms.push(shiftLeft(g, next, 1));
    if (length > 2) terms.push(shiftLeft(g, g.add(next, labels.skip), 2));
    betas[t] = g.where(frames[t + 1]!, logAddExp(g, terms), labels.end);
  }
  // Occupancy α_t(s) β_t(s) / p: a softmax over the states at each frame, since Σ_s α_t β_t = p
  // for every frame t < len (more accurate in float32 than subtracting log p).
  const { e } = shiftedExp(g, g.add(concatMany(g, alphas, 0), concatMany(g, betas, 0)), 2);
  const occupancy = g.div(e, g.reduceSum(e, { axes: [2], keepdims: true }));
  const active = g.less(g.constant(Float32Array.from({ length: T }, (_, t) => t), 'float32', [T, 1, 1]), labels.inputLengths);
  const scaled = g.mul(g.where(active, occupancy, 0), g.reshape(dLoss, [1, n, 1]));
  // Σ over the states of each class: [N, T, L] x [N, L, C] -> [N, T, C], then frames first.
  const gradient = g.neg(g.transpose(g.matMul(g.transpose(scaled, [1, 0, 2]), labels.hot), [1, 0, 2]));
  const impossible = settings.zeroInfinity ? 0 : g.where(active, g.constant(Number.NaN), 0);
  return g.where(g.reshape(labels.feasible, [1, n, 1]), gradient, impossible);
}
