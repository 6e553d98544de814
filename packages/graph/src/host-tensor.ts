/**
 * A tensor in host (JavaScript) memory: flat data in row-major order and its dims. The one
 * `{ data, dims }` shape of losskit: loss inputs, model inputs and outputs, image batches and
 * float64 references are all `HostTensor`s, with `T` the data's array type (a typed array, or
 * `ArrayLike<number>` where plain arrays are accepted too).
 */
export interface HostTensor<T extends ArrayLike<number | bigint> = Float32Array> {
  readonly data: T;
  readonly dims: readonly number[];
}

/** The number of elements of a tensor with these dims (1 for a scalar, `[]`). */
export function numel(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Whether two tensors have the same dims. */
export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Dims as messages print them: `[2, 3]` -> `'[2, 3]'` (a free axis may be named: `[2, any]`). */
export function formatDims(dims: readonly (number | string)[]): string {
  return `[${dims.join(', ')}]`;
}
