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
 * What losskit's max-abs distance from PyTorch's float64 gradient of a parameter may be: 3 times
 * PyTorch float32's own distance, or 1e-3 of the model's largest float64 |gradient| where that is
 * larger (float noise at the scale of the model; a bias before a batch-statistics BatchNorm has
 * a zero gradient in exact arithmetic).
 */
export const allowedGradientDistance = (float32Distance: number, largest: number): number => Math.max(3 * float32Distance, 1e-3 * largest);

/** Per parameter: losskit's max-abs distance from float64, and what it may be. */
export interface GradientDistance {
  readonly distance: number;
  readonly allowed: number;
}

/**
 * losskit's gradient of each parameter against PyTorch's float64 one: max |losskit - float64|
 * over the parameter's values, allowed 3 times PyTorch float32's own distance (`float32Distance`,
 * per parameter), or 1e-3 of the model's largest float64 |gradient| where that is larger (float
 * noise at the scale of the model).
 */
export function gradientDistances(
  actual: Readonly<Record<string, ArrayLike<number>>>,
  float64: Readonly<Record<string, Stored>>,
  float32Distance: Readonly<Record<string, number>>,
): Record<string, GradientDistance> {
  const largest = Math.max(...Object.values(float64).map((g) => maxAbs(g.data)));
  const out: Record<string, GradientDistance> = {};
  for (const [name, expected] of Object.entries(float64)) {
    const a = actual[name]!;
    let distance = a.length === expected.data.length ? 0 : Infinity;
    for (let i = 0; i < expected.data.length; i++) distance = Math.max(distance, Math.abs(a[i]! - expected.data[i]!));
    out[name] = { distance: Number.isNaN(distance) ? Infinity : distance, allowed: allowedGradientDistance(float32Distance[name]!, largest) };
  }
  return out;
}

/** Per parameter, max |PyTorch float32 gradient - float64 gradient|, from a fixture that stores both. */
export function float32Distances(f: Pick<TokenClassifierFixture, 'gradients' | 'float32Gradients'>): Record<string, number> {
  return Object.fromEntries(Object.entries(f.gradients).map(([name, g]) => [name, maxDistance(f.float32Gradients[name]!.data, g.data)]));
}
