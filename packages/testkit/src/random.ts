import { type HostTensor, numel } from '@losskit/core';

/** A uniform random source in [0, 1), as returned by {@link seededRandom}. */
export type RandomSource = () => number;

/**
 * A seeded uniform random source in [0, 1) (mulberry32): the same seed gives the same numbers on
 * every platform, so a failing random check can be replayed.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How the tester draws one random input: uniform in `[min, max)` (default `[-1, 1)`), or, with
 * `binary: true`, each value either `min` or `max` (default 0 or 1), e.g. labels for `bce`.
 */
export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
  readonly binary?: boolean;
}

/** A custom generator: returns `numel(dims)` values drawn from `random`. */
export type ValueGeneratorFunction = (random: RandomSource, dims: readonly number[]) => ArrayLike<number>;

/** A range or a custom generator for the prediction or the target of random checks. */
export type ValueGenerator = ValueRange | ValueGeneratorFunction;

/** Draws a float32 tensor's data for `dims` from `generator`. */
export function generateValues(generator: ValueGenerator | undefined, random: RandomSource, dims: readonly number[]): Float32Array {
  const length = numel(dims);
  if (typeof generator === 'function') {
    const values = generator(random, dims);
    if (values.length !== length) {
      throw new RangeError(`The random value generator returned ${values.length} values for dims [${dims.join(', ')}], expected ${length}`);
    }
    return Float32Array.from(values);
  }
  const binary = generator?.binary ?? false;
  const min = generator?.min ?? (binary ? 0 : -1);
  const max = generator?.max ?? 1;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = binary ? (random() < 0.5 ? min : max) : min + random() * (max - min);
  return out;
}

/** The weights every random check is repeated with. */
export type WeightsKind = 'none' | 'broadcast' | 'full';

/** Human-readable label of a {@link WeightsKind}, used in test names. */
export const WEIGHTS_LABELS: Readonly<Record<WeightsKind, string>> = {
  none: 'without weights',
  broadcast: 'with broadcast weights',
  full: 'with full-shape weights',
};

/**
 * Weights for the loss of dims `lossDims`: `broadcast` has dims `[n, 1, ...]` (one weight per
 * batch item; `[1]` for a rank-1 loss) and `full` the loss's own dims. Values are in [0.25, 2)
 * and some are exactly 0, so `weighted_mean` and `sum_by_nonzero_weights` differ from `mean`.
 * Returns `undefined` for `none`; a scalar loss gets a scalar weight either way.
 */
export function generateWeights(
  kind: WeightsKind,
  lossDims: readonly number[],
  random: RandomSource,
): HostTensor | undefined {
  if (kind === 'none') return undefined;
  const dims =
    kind === 'full' || lossDims.length === 0
      ? [...lossDims]
      : lossDims.length === 1
        ? [1]
        : [lossDims[0]!, ...lossDims.slice(1).map(() => 1)];
  const data = new Float32Array(numel(dims));
  for (let i = 0; i < data.length; i++) data[i] = 0.25 + random() * 1.75;
  // Zero every third (broadcast) or fourth (full) weight, but never all of them.
  const every = kind === 'broadcast' ? 3 : 4;
  if (data.length > 1) for (let i = 1; i < data.length; i += every) data[i] = 0;
  return { data, dims };
}

/**
 * `count` distinct indices in `[0, length)`, always including the first and the last, the rest
 * seeded: which elements of a large tensor the finite-difference check looks at.
 */
export function sampleIndices(length: number, count: number, random: RandomSource): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const chosen = new Set<number>([0, length - 1]);
  while (chosen.size < count) chosen.add(Math.floor(random() * length));
  return [...chosen].toSorted((a, b) => a - b);
}
