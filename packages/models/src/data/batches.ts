import { option, resolveOptions, type OptionSpec } from '@losskit/core';
import { type HostTensor, InvalidInputError, numel } from '@losskit/graph';
import { createRandom } from '../random';
import { seedOption } from '../options';

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Visit samples in a random order. Default false. */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (use the epoch number for a new order each epoch). Default 0. */
  readonly seed?: number;
  /** Skip a last batch smaller than `batchSize`, so every batch has the same static shape. Default false. */
  readonly dropLast?: boolean;
}

/** The schema of {@link batches}'s options (the README's table is checked against it). */
export const BATCHES_OPTIONS: {
  readonly shuffle: OptionSpec<boolean>;
  readonly seed: OptionSpec<number>;
  readonly dropLast: OptionSpec<boolean>;
} = {
  shuffle: option.boolean({ description: 'Visit samples in a random order.', default: false }),
  seed: seedOption,
  dropLast: option.boolean({ description: 'Skip a last batch smaller than `batchSize`.', default: false }),
};
const batchSizeOption = option.positiveInteger({ description: 'Samples per batch.', default: 1 });

function sampleSize(tensor: HostTensor, argument: string): number {
  const [count, ...rest] = tensor.dims;
  const size = numel(rest);
  if (count === undefined || tensor.data.length !== count * size) {
    throw new InvalidInputError(argument, `data of ${count ?? 0} * ${size} values for dims [${tensor.dims.join(', ')}]`, tensor.data);
  }
  return size;
}

/** Copies samples `indices` of `tensor` (along dim 0) into a new tensor. */
export function gatherSamples(tensor: HostTensor, indices: readonly number[]): HostTensor {
  const size = sampleSize(tensor, 'tensor');
  const data = new Float32Array(indices.length * size);
  indices.forEach((index, i) => {
    if (!Number.isInteger(index) || index < 0 || index >= tensor.dims[0]!) {
      throw new InvalidInputError(`indices[${i}]`, `an integer in [0, ${tensor.dims[0]})`, index);
    }
    data.set(tensor.data.subarray(index * size, (index + 1) * size), i * size);
  });
  return { data, dims: [indices.length, ...tensor.dims.slice(1)] };
}

/** Samples `start` (inclusive) to `end` (exclusive) of `tensor`, sharing its memory. */
export function sliceSamples<T extends HostTensor>(tensor: T, start: number, end: number): T {
  const size = sampleSize(tensor, 'tensor');
  const count = tensor.dims[0]!;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > count || start > end) {
    throw new InvalidInputError('start, end', `integers with 0 <= start <= end <= ${count}`, [start, end]);
  }
  return { ...tensor, data: tensor.data.subarray(start * size, end * size), dims: [end - start, ...tensor.dims.slice(1)] };
}

/**
 * Splits tensors that share dim 0 (images and their labels, say) into mini-batches, copying
 * one batch at a time. Pass one tensor to get tensors, or an array of tensors to get arrays.
 *
 * ```ts
 * for (const [x, y] of batches([images, labels], 32, { shuffle: true, seed: epoch })) { ... }
 * ```
 */
export function batches(tensor: HostTensor, batchSize: number, options?: BatchOptions): Generator<HostTensor>;
export function batches(tensors: readonly HostTensor[], batchSize: number, options?: BatchOptions): Generator<HostTensor[]>;
export function* batches(
  input: HostTensor | readonly HostTensor[],
  batchSize: number,
  options: BatchOptions = {},
): Generator<HostTensor | HostTensor[]> {
  const tensors = Array.isArray(input) ? (input as readonly HostTensor[]) : [input as HostTensor];
  batchSizeOption.parse(batchSize, 'batchSize');
  const { shuffle, seed, dropLast } = resolveOptions('batches', BATCHES_OPTIONS, options);
  if (tensors.length === 0) throw new InvalidInputError('tensors', 'at least one tensor', tensors);
  const count = tensors[0]!.dims[0] ?? 0;
  tensors.forEach((t, i) => {
    sampleSize(t, `tensors[${i}]`);
    if (t.dims[0] !== count) throw new InvalidInputError(`tensors[${i}].dims[0]`, `${count}, the sample count of tensors[0]`, t.dims[0]);
  });
  const order = Array.from({ length: count }, (_, i) => i);
  if (shuffle) createRandom(seed).shuffle(order);
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    if (dropLast && end - start < batchSize) break;
    const indices = order.slice(start, end);
    const batch = tensors.map((t) => gatherSamples(t, indices));
    yield Array.isArray(input) ? batch : batch[0]!;
  }
}
