import { InvalidInputError } from '@losskit/graph';
import { type OptionSpec, option } from './options';
import { type Float64Tensor, stridesOf } from './tensor';

/**
 * Helpers for losses reduced over some axes of the prediction: Keras's per-sample losses (the
 * mean over the last axis for hinge or log-cosh, a sum over the `axis` of cosine similarity,
 * dice over all axes or the given ones), in the graph and in float64.
 */

/**
 * An option naming the axes a loss reduces over (Keras's `axis` tuples of dice and tversky): a
 * non-empty array of integers, negative ones counting from the end, or `undefined` (the
 * default) for every axis. Checked against the dims by {@link resolveAxes} when a graph is built.
 */
export function axesOption(description: string): OptionSpec<readonly number[] | undefined, readonly number[] | undefined> {
  const item = option.integer({ description: 'an axis (negative counts from the end)', default: 0 });
  return option.optional(option.array({ description, default: [], minLength: 1, item }));
}

/**
 * The axes `axes` names in `dims`, non-negative and ascending (negative values count from the
 * end); every axis when `axes` is `undefined`. `source` says where the axes come from, for
 * errors (`dice.axis`, `hinge averages over the last axis`). Throws `InvalidInputError` on
 * `argument` for an axis outside the rank or one named twice (`[1, -1]` of a rank-2 tensor).
 */
export function resolveAxes(dims: readonly number[], axes: readonly number[] | undefined, source: string, argument = 'prediction.dims'): number[] {
  if (axes === undefined) return dims.map((_, k) => k);
  const shown = `[${dims.join(', ')}]`;
  const resolved = axes.map((axis) => {
    const k = axis < 0 ? axis + dims.length : axis;
    if (k < 0 || k >= dims.length) {
      throw new InvalidInputError(argument, `dims with the axes [${axes.join(', ')}] (${source})`, `${shown}, which has no axis ${axis}`);
    }
    return k;
  });
  const sorted = resolved.toSorted((a, b) => a - b);
  const twice = sorted.find((k, i) => i > 0 && sorted[i - 1] === k);
  if (twice !== undefined) {
    throw new InvalidInputError(argument, `dims in which the axes [${axes.join(', ')}] (${source}) are different axes`, `${shown}, in which two of them are axis ${twice}`);
  }
  return sorted;
}

/**
 * Reduces over `axes` (non-negative, from {@link resolveAxes}) in float64, for references:
 * calls `reduce(indices)` once per position of the remaining axes, in row-major order, with the
 * flat indices of the elements reduced there (in row-major order too), and returns the results
 * with `axes` removed. `indices` index any tensor of `dims`, so a reference reads the
 * prediction and the target at the same places: `(ix) => Σ p[i] t[i] over ix`.
 */
export function referenceReduceAxes(dims: readonly number[], axes: readonly number[], reduce: (indices: readonly number[]) => number): Float64Tensor {
  const kept = dims.map((_, k) => k).filter((k) => !axes.includes(k));
  const outDims = kept.map((k) => dims[k]!);
  const outStrides = stridesOf(outDims);
  const strides = stridesOf(dims);
  const groups: number[][] = Array.from({ length: outDims.reduce((n, d) => n * d, 1) }, () => []);
  const size = dims.reduce((n, d) => n * d, 1);
  for (let i = 0; i < size; i++) {
    let position = 0;
    kept.forEach((k, j) => (position += (Math.floor(i / strides[k]!) % dims[k]!) * outStrides[j]!));
    groups[position]!.push(i);
  }
  return { data: Float64Array.from(groups, reduce), dims: outDims };
}
