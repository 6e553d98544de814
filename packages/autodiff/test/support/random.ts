/** A 32-bit string hash (FNV-1a), to give every test case its own deterministic seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A seeded generator of uniform numbers in [0, 1) (a linear congruential generator). */
export function uniform(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `length` float32 values uniform in [lo, hi]; with `margin`, values within `margin` of zero move
 * `margin` further out (kinks of Abs, Relu and friends sit at zero).
 */
export function seededValues(length: number, seed: number, lo = -1, hi = 1, margin = 0): Float32Array {
  const next = uniform(seed);
  return Float32Array.from({ length }, () => {
    const v = lo + (hi - lo) * next();
    return Math.abs(v) < margin ? Math.sign(v || 1) * (margin + Math.abs(v)) : v;
  });
}
