import type { GraphBuilder, Value } from '@losskit/core';
import { type CtcLabels, ctcLabels } from './labels';
import { NEG, logAddExp, shiftRight } from './log-space';
import { checkBlank, ctcDims } from './inputs';

/** The settings the graph needs (the plugin's resolved options). */
export interface CtcSettings {
  readonly blank: number;
  readonly zeroInfinity: boolean;
}

/** The forward pass, kept for the closed-form gradient: it reuses the emissions and the alphas. */
export interface CtcForward {
  readonly labels: CtcLabels;
  /** `E_t[n, s] = log p_t(l'_s)`, `[1, N, L]` per frame. */
  readonly emissions: readonly Value[];
  /** `α_t[n, s]`, `[1, N, L]` per frame: log-probability of the prefixes ending in state `s` at `t` (held after the input length). */
  readonly alphas: readonly Value[];
  /** `inputLengths > t`, `[1, N, 1]` per frame: whether frame `t` belongs to each sample (none at t = 0: every sample has it). */
  readonly frames: readonly (Value | undefined)[];
  /** The elementwise loss `[N]`. */
  readonly loss: Value;
}

/**
 * The CTC loss `-log p(y | x)` of each sample, `[N]`, by the forward (alpha) recursion of
 * Graves et al. (2006) in log space, unrolled over the T frames (known when the graph is
 * built): `α_t(s) = E_t(s) + logsumexp(α_{t-1}(s), α_{t-1}(s-1), α_{t-1}(s-2) where allowed)`.
 * After a sample's input length its alphas are held, so the last frame holds `α_{len-1}`.
 */
export function ctcForward(g: GraphBuilder, logProbs: Value, target: Value, inputLengths: Value, targetLengths: Value, settings: CtcSettings): CtcForward {
  const { T, N, C } = ctcDims(logProbs.shape);
  checkBlank(C, settings.blank);
  const labels = ctcLabels(g, C, target, inputLengths, targetLengths, settings.blank);
  const length = labels.hot.shape[1]!;
  // Emissions of every frame at once: [N, T, C] x [N, C, L] -> [N, T, L], then frames first.
  const all = g.transpose(g.matMul(g.transpose(logProbs, [1, 0, 2]), g.transpose(labels.hot, [0, 2, 1])), [1, 0, 2]);
  const emissions = Array.from({ length: T }, (_, t) => g.slice(all, { starts: [t], ends: [t + 1], axes: [0] }));
  const start = g.constant(Float32Array.from({ length }, (_, s) => (s < 2 ? 0 : NEG)), 'float32', [1, 1, length]);
  const frames = Array.from({ length: T }, (_, t) => (t === 0 ? undefined : g.greater(labels.inputLengths, t)));
  const alphas = [g.add(emissions[0]!, start)];
  for (let t = 1; t < T; t++) {
    const previous = alphas[t - 1]!;
    const terms = [previous];
    if (length > 1) terms.push(shiftRight(g, previous, 1));
    if (length > 2) terms.push(g.add(shiftRight(g, previous, 2), labels.skip));
    alphas.push(g.where(frames[t]!, g.add(logAddExp(g, terms), emissions[t]!), previous));
  }
  // -log Σ over the final states, through log-sum-exp along the states.
  const last = g.add(alphas[T - 1]!, labels.end);
  const max = g.reduceMax(last, { axes: [2], keepdims: true });
  const logLikelihood = g.add(g.log(g.reduceSum(g.exp(g.sub(last, max)), { axes: [2], keepdims: true })), max);
  const nll = g.reshape(g.neg(logLikelihood), [N]);
  const loss = g.where(labels.feasible, nll, settings.zeroInfinity ? 0 : Number.POSITIVE_INFINITY);
  return { labels, emissions, alphas, frames, loss };
}
