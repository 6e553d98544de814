import { type LossPlugin, type Reduction, type ReferenceInputs, referenceLoss } from '@losskit/core';

/** Options of {@link finiteDifferences}. */
export interface FiniteDifferenceOptions {
  /** Step relative to `max(1, |x_i|)`. Default `1e-6`. */
  readonly step?: number;
  /** Which elements of `x` to differentiate. Default: all. */
  readonly indices?: readonly number[];
  /**
   * An element whose forward and backward differences disagree by more than this fraction of
   * the gradient's scale (the largest central difference) sits next to a kink (`|x|` at 0, a
   * clamp) and is reported as not smooth. Default `0.01`.
   */
  readonly kinkThreshold?: number;
}

/** Central finite differences of a scalar function, with kinks flagged. */
export interface FiniteDifferences {
  /** `f(x)`. */
  readonly value: number;
  /** The differentiated elements of `x`. */
  readonly indices: readonly number[];
  /** `(f(x + h e_i) - f(x - h e_i)) / 2h` for each index, in the order of `indices`. */
  readonly derivatives: Float64Array;
  /** Whether `f` is smooth within one step of `x` along each index (see `kinkThreshold`). */
  readonly smooth: readonly boolean[];
}

/**
 * Central finite differences of `f` at `x`, in float64. With a step of 1e-6 the truncation
 * error of a smooth `f` is about 1e-12 times its third derivative and the rounding error about
 * 1e-10 times `|f(x)|`, far below the 1e-4 tolerance the test kit applies to float32 gradients.
 * One-sided differences are computed as well, to flag elements next to a kink, where no finite
 * difference approximates the derivative a graph reports.
 */
export function finiteDifferences(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  options: FiniteDifferenceOptions = {},
): FiniteDifferences {
  const step = options.step ?? 1e-6;
  const point = Float64Array.from(x);
  const indices = options.indices ? [...options.indices] : Array.from({ length: point.length }, (_, i) => i);
  const value = f(point);
  const derivatives = new Float64Array(indices.length);
  const jumps = new Float64Array(indices.length);
  indices.forEach((index, k) => {
    const original = point[index]!;
    const h = step * Math.max(1, Math.abs(original));
    point[index] = original + h;
    const plus = f(point);
    point[index] = original - h;
    const minus = f(point);
    point[index] = original;
    derivatives[k] = (plus - minus) / (2 * h);
    // forward - backward difference: ~h f'' where f is smooth, ~the slope change at a kink.
    jumps[k] = Math.abs((plus - value) / h - (value - minus) / h);
  });
  let scale = 0;
  for (const d of derivatives) scale = Math.max(scale, Math.abs(d));
  const threshold = (options.kinkThreshold ?? 0.01) * Math.max(scale, Number.MIN_VALUE);
  return { value, indices, derivatives, smooth: Array.from(jumps, (jump) => jump <= threshold) };
}

/**
 * Finite differences of a plugin's float64 reference loss with respect to the prediction, or to
 * another float input named by `wrt` (`positive`, `variance`): the objective is the reduced
 * loss, or the sum of the outputs for `reduction: 'none'` (the same objective
 * `buildLossModel(..., { gradient: true })` differentiates).
 */
export function referenceGradient(
  plugin: LossPlugin<unknown>,
  inputs: ReferenceInputs,
  reduction: Reduction,
  options: FiniteDifferenceOptions & { readonly wrt?: string } = {},
): FiniteDifferences {
  const wrt = options.wrt ?? 'prediction';
  const x = inputs[wrt];
  if (x === undefined) throw new TypeError(`referenceGradient: no input "${wrt}" to differentiate`);
  const objective = (values: Float64Array): number => {
    const loss = referenceLoss(plugin, { ...inputs, [wrt]: { data: values, dims: x.dims } }, reduction);
    let sum = 0;
    for (const v of loss.data) sum += v;
    return sum;
  };
  return finiteDifferences(objective, x.data as ArrayLike<number>, options);
}
