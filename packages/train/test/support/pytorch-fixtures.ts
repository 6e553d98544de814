// What the PyTorch fixture scripts write, and how tests compare with it.
import { expect } from 'vitest';

/** A tensor as the fixture scripts store it in JSON: dims and row-major values. */
export interface Stored {
  readonly dims: readonly number[];
  readonly data: readonly number[];
}

/** Max |actual - expected| relative to max(1, max |expected|), over one tensor's values. */
export function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  let w = 0;
  for (let i = 0; i < expected.length; i++) w = Math.max(w, Math.abs(actual[i]! - expected[i]!) / scale);
  return w;
}
