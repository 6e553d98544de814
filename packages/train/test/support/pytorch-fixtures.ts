// What the PyTorch fixture scripts write, and how tests compare with it.
import { expect } from 'vitest';

/** A tensor as the fixture scripts store it in JSON: dims and row-major values. */
export interface Stored {
  readonly dims: readonly number[];
  readonly data: readonly number[];
}

/**
 * What fixtures/token_classifier.py writes for a classifier of token ids: a batch of ids with
 * class labels, PyTorch's float64 first-step loss and gradients (float32 ones as the yardstick),
 * and the losses of SGD steps with `sgdLr`.
 */
export interface TokenClassifierFixture {
  readonly sgdLr: number;
  readonly ids: Stored;
  readonly labels: readonly number[];
  readonly loss: number;
  readonly gradients: Readonly<Record<string, Stored>>;
  readonly float32Gradients: Readonly<Record<string, Stored>>;
  readonly sgdLosses: readonly number[];
}

/** Max |actual - expected| relative to max(1, max |expected|), over one tensor's values. */
export function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  let w = 0;
  for (let i = 0; i < expected.length; i++) w = Math.max(w, Math.abs(actual[i]! - expected[i]!) / scale);
  return w;
}

/** Max |actual - expected| over one tensor's values. */
export function maxDistance(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let w = 0;
  for (let i = 0; i < expected.length; i++) w = Math.max(w, Math.abs(actual[i]! - expected[i]!));
  return w;
}

/** Max |value| over one tensor's values. */
export const maxAbs = (values: readonly number[]): number => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * How far losskit's gradient of each parameter may be from PyTorch's float64 one, in max-abs
 * distance: 3 times PyTorch's own float32 distance, but at least 1e-3 of the model's largest
 * |gradient| (float noise where exact arithmetic gives 0 or nearly so).
 */
export function gradientBounds(float64: Readonly<Record<string, Stored>>, float32: Readonly<Record<string, Stored>>): { readonly floor: number; bound(parameter: string): number } {
  const floor = 1e-3 * Math.max(...Object.values(float64).map((g) => maxAbs(g.data)));
  return { floor, bound: (parameter) => Math.max(3 * maxDistance(float32[parameter]!.data, float64[parameter]!.data), floor) };
}
