import { AssertionError } from 'node:assert';

/** Throws the assertion error test runners display as a failure. */
export function fail(message: string): never {
  throw new AssertionError({ message });
}

/** The error of one element: 0 for the very same value (so an expected ±Infinity or NaN must be met exactly). */
function elementError(actual: number, expected: number): number {
  return Object.is(actual, expected) ? 0 : Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

/**
 * The largest elementwise error of `actual` against `expected`, relative to `max(1, |expected|)`
 * (absolute for values below 1, relative above). Infinite when the lengths differ or a value is
 * not finite, unless it is exactly the value expected: a loss that PyTorch makes +Infinity (CTC
 * without an alignment), or a NaN gradient where PyTorch's is NaN, is matched only by the same value.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = elementError(actual[i]!, expected[i]!);
    if (!Number.isFinite(error)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, error);
  }
  return worst;
}

/** Index of the element with the largest relative error, for messages. */
function worstIndex(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = -1;
  let index = 0;
  for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
    const error = elementError(actual[i]!, expected[i]!);
    if (!(error <= worst)) {
      worst = error;
      index = i;
    }
  }
  return index;
}

/** Fails unless `actual` matches `expected` within `tolerance` (see {@link maxRelativeError}). */
export function expectClose(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  if (actual.length !== expected.length) {
    fail(`${what}: expected ${expected.length} values, received ${actual.length}`);
  }
  const error = maxRelativeError(actual, expected);
  if (error <= tolerance) return;
  const i = worstIndex(actual, expected);
  fail(
    `${what}: relative error ${error.toExponential(2)} exceeds ${tolerance.toExponential(0)} ` +
      `(at [${i}]: received ${actual[i]}, expected ${expected[i]})`,
  );
}

/** Whether two float32 arrays hold the same bits (NaN payloads included). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether two dims lists are equal. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
