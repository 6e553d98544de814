import type { GraphBuilder, Value } from '@losskit/core';

/**
 * "log 0" in the graph: a finite stand-in for -Infinity. With a true -Infinity, a log-sum-exp
 * of impossible states computes -Infinity - (-Infinity) = NaN; with -1e30, exp(NEG - m) is
 * exactly 0 in float32 next to any state a path can reach, and NEG plus a log-probability stays
 * NEG (float32 has no digits left for it), so impossible states neither drift nor overflow.
 * Which samples have no alignment at all is decided exactly, from the lengths (see labels.ts).
 */
export const NEG = -1e30;

/** `log(Σ_k exp(x_k))` of same-shaped (or broadcasting) terms, the largest subtracted first. */
export function logAddExp(g: GraphBuilder, terms: readonly Value[]): Value {
  let max = terms[0]!;
  for (const term of terms.slice(1)) max = g.max(max, term);
  let sum = g.exp(g.sub(terms[0]!, max));
  for (const term of terms.slice(1)) sum = g.add(sum, g.exp(g.sub(term, max)));
  return g.add(g.log(sum), max);
}

/** `x - max(x)` and its exponential along `axis` (kept): the parts of a log-sum-exp or a softmax. */
export function shiftedExp(g: GraphBuilder, x: Value, axis: number): { shifted: Value; max: Value; e: Value } {
  const max = g.reduceMax(x, { axes: [axis], keepdims: true });
  const shifted = g.sub(x, max);
  return { shifted, max, e: g.exp(shifted) };
}

/** A float32 constant of `dims` with every element `value` (core's `constant` takes a scalar's dims from its data). */
export function filled(g: GraphBuilder, value: number, dims: readonly number[]): Value {
  return g.constant(new Float32Array(dims.reduce((n, d) => n * d, 1)).fill(value), 'float32', dims);
}

/** `y[s] = x[s - by]` along the last axis of `x` `[1, N, L]`, NEG where `s < by`: the states `by` labels back. */
export function shiftRight(g: GraphBuilder, x: Value, by: number): Value {
  const [, n, length] = x.shape as [number, number, number];
  return g.concat([filled(g, NEG, [1, n, by]), g.slice(x, { starts: [0], ends: [length - by], axes: [2] })], 2);
}

/** `y[s] = x[s + by]` along the last axis of `x` `[1, N, L]`, NEG where `s + by >= L`. */
export function shiftLeft(g: GraphBuilder, x: Value, by: number): Value {
  const [, n, length] = x.shape as [number, number, number];
  return g.concat([g.slice(x, { starts: [by], ends: [length], axes: [2] }), filled(g, NEG, [1, n, by])], 2);
}

/**
 * Concatenates many values along `axis` in a tree of Concats of at most 4 inputs each: a GPU
 * kernel binds one buffer per input, and WebGPU guarantees only 8 storage buffers per shader.
 */
export function concatMany(g: GraphBuilder, values: readonly Value[], axis: number): Value {
  if (values.length === 1) return values[0]!;
  const groups: Value[] = [];
  for (let i = 0; i < values.length; i += 4) {
    const group = values.slice(i, i + 4);
    groups.push(group.length === 1 ? group[0]! : g.concat(group, axis));
  }
  return concatMany(g, groups, axis);
}
