import type { GraphBuilder, Value } from '@losskit/core';
import { NEG, filled } from './log-space';

/**
 * What the CTC recursions read from the integer inputs, for the extended label sequence
 * `l' = (blank, y_1, blank, y_2, ..., y_S, blank)` of length `L = 2S + 1` of each sample.
 */
export interface CtcLabels {
  /** `[N, L, C]`: one-hot rows of `l'`, so that log-probabilities times its transpose are the emissions. */
  readonly hot: Value;
  /** `[1, N, L]`: 0 where state `s` may be entered from `s - 2` (a label unlike the one before), NEG elsewhere. */
  readonly skip: Value;
  /** `[1, N, L]`: 0 at the final states `2·targetLength` and `2·targetLength - 1`, NEG elsewhere. */
  readonly end: Value;
  /** `[1, N, 1]`: each sample's input length, as float32. */
  readonly inputLengths: Value;
  /**
   * `[N]`: whether any alignment exists, i.e. `inputLength >= targetLength + repeats`, a blank
   * being needed between equal neighbours (exact, from integers, whatever the log-probabilities).
   */
  readonly feasible: Value;
}

/** The {@link CtcLabels} of padded labels `target` `[N, S]` with their lengths `[N]`. */
export function ctcLabels(g: GraphBuilder, classes: number, target: Value, inputLengths: Value, targetLengths: Value, blank: number): CtcLabels {
  const [n, s] = target.shape as [number, number];
  const length = 2 * s + 1;
  const blankRow = Float32Array.from({ length: classes }, (_, c) => (c === blank ? 1 : 0));
  const blankRows = (count: number) => g.constant(tile(blankRow, n * count), 'float32', [n, count, classes]);
  const labels = g.cast(target, 'float32');
  const counts = g.cast(targetLengths, 'float32');
  const frames = g.cast(inputLengths, 'float32');

  let hot = blankRows(1);
  let allowed: Value | undefined;
  let repeats: Value | undefined;
  if (s > 0) {
    const classRange = g.constant(Float32Array.from({ length: classes }, (_, c) => c), 'float32', [1, 1, classes]);
    const labelHot = g.cast(g.equal(g.unsqueeze(labels, [2]), classRange), 'float32');
    hot = g.concat([interleave(g, blankRows(s), labelHot, [n, 2 * s, classes]), hot], 1);
  }
  if (s > 1) {
    // equal[i - 1] = [y_i == y_{i-1}] for i in [1, S).
    const equal = g.cast(g.equal(g.slice(labels, { starts: [1], ends: [s], axes: [1] }), g.slice(labels, { starts: [0], ends: [s - 1], axes: [1] })), 'float32');
    const zeros = filled(g, 0, [n, 1]);
    const enters = g.concat([zeros, g.sub(1, equal)], 1);
    allowed = g.concat([interleave(g, filled(g, 0, [n, s]), enters, [n, 2 * s]), zeros], 1);
    const within = g.cast(g.less(g.constant(Float32Array.from({ length: s - 1 }, (_, i) => i + 1), 'float32', [1, s - 1]), g.unsqueeze(counts, [1])), 'float32');
    repeats = g.reduceSum(g.mul(equal, within), { axes: [1], keepdims: false });
  }
  // Without two labels no state may be skipped to.
  const skip = allowed ? g.reshape(g.mul(g.sub(1, allowed), NEG), [1, n, length]) : filled(g, NEG, [1, n, length]);
  // s in {2·len - 1, 2·len} <=> |s - (2·len - 0.5)| < 1.
  const states = g.constant(Float32Array.from({ length }, (_, k) => k), 'float32', [1, 1, length]);
  const last = g.sub(g.mul(g.reshape(counts, [1, n, 1]), 2), 0.5);
  const end = g.mul(g.sub(1, g.cast(g.less(g.abs(g.sub(states, last)), 1), 'float32')), NEG);
  const needed = repeats ? g.add(counts, repeats) : counts;
  return { hot, skip, end, inputLengths: g.reshape(frames, [1, n, 1]), feasible: g.greater(g.add(frames, 0.5), needed) };
}

/** `[a_0, b_0, a_1, b_1, ...]` along axis 1 of two `[N, S, ...]` values, reshaped to `dims`. */
function interleave(g: GraphBuilder, a: Value, b: Value, dims: readonly number[]): Value {
  return g.reshape(g.concat([g.unsqueeze(a, [2]), g.unsqueeze(b, [2])], 2), dims);
}

function tile(row: Float32Array, times: number): Float32Array {
  const out = new Float32Array(row.length * times);
  for (let i = 0; i < times; i++) out.set(row, i * row.length);
  return out;
}
