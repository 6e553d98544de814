import type { Reduction } from '@losskit/core';

/** Seeded uniform values in [min, max) (mulberry32). */
export function seeded(length: number, seed: number, min = -1, max = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return min + ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min));
  });
}

export const REDUCTION_LIST: readonly Reduction[] = ['none', 'sum', 'mean', 'weighted_mean', 'sum_by_nonzero_weights'];

/** One L1 case: inputs as plain arrays (they cross into the browser) and optional weights. */
export interface L1Case {
  readonly label: string;
  readonly reduction: Reduction;
  readonly dims: number[];
  readonly prediction: number[];
  readonly target: number[];
  readonly weights?: { data: number[]; dims: number[] };
}

/** Every reduction, without weights and with weights broadcast over the batch (one of them zero). */
export function l1Cases(): L1Case[] {
  const dims = [3, 2, 4, 5];
  const size = 3 * 2 * 4 * 5;
  const prediction = seeded(size, 1);
  const target = seeded(size, 2);
  return REDUCTION_LIST.flatMap((reduction) => [
    { label: `${reduction} without weights`, reduction, dims, prediction, target },
    {
      label: `${reduction} with weights [3, 1, 1, 1]`,
      reduction,
      dims,
      prediction,
      target,
      weights: { data: [0.5, 0, 2], dims: [3, 1, 1, 1] },
    },
    {
      label: `${reduction} with weights [4, 5]`,
      reduction,
      dims,
      prediction,
      target,
      weights: { data: seeded(20, 3, 0, 2), dims: [4, 5] },
    },
  ]);
}

/** Relative error of `actual` against a float64 `expected`, elementwise, scaled by max(1, |expected|). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  }
  return worst;
}
