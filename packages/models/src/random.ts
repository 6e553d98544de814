/**
 * A seeded pseudo-random number generator: the same seed gives the same sequence on every
 * platform, so initial weights and synthetic data sets are reproducible without storing them.
 */
export interface Random {
  /** A float uniformly distributed in `[0, 1)`. */
  next(): number;
  /** A float uniformly distributed in `[low, high)`. */
  uniform(low: number, high: number): number;
  /** An integer uniformly distributed in `[0, n)`. */
  int(n: number): number;
  /** A standard normal sample (Box-Muller). */
  normal(): number;
  /** One element of `items`, chosen uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles `items` (an array or typed array) in place (Fisher-Yates) and returns it. */
  shuffle<A extends { length: number; [index: number]: unknown }>(items: A): A;
}

/**
 * mulberry32: a 32-bit generator with a 2^32 period that passes gjrand's tests; plenty for
 * weight initialisation and image synthesis, and a few lines of integer math in any language.
 * Returns a function giving floats in `[0, 1)`.
 */
export function mulberry32(seed: number): () => number {
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
 * Mixes a seed with a stream number, so that different uses of one user seed (weights of
 * different layers, images and labels) draw independent sequences instead of the same one.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A {@link Random} on {@link mulberry32}. */
export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const random: Random = {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    int: (n) => Math.floor(next() * n),
    normal: () => {
      // 1 - u keeps the logarithm's argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(next() * items.length)]!,
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const swap = items[i];
        items[i] = items[j];
        items[j] = swap;
      }
      return items;
    },
  };
  return random;
}
