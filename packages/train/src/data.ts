import { type IntegerTensor, InvalidInputError, type HostTensor, checkIntegerTensor, checkTensor, isIntegerArray } from '@losskit/core';
import type { ModelInput } from './token-ids';

/**
 * A dataset: examples stacked along the first dimension. Float values, or integer ids
 * (`Int32Array`, `BigInt64Array`) for a model whose input is integer (token ids).
 */
export type Dataset = ModelInput;

/** Targets: float values, or integer class labels (`Int32Array` or `BigInt64Array`) for a loss over class indices. */
export type TargetTensor = HostTensor | IntegerTensor;

/**
 * Inputs and targets of supervised training; for an autoencoder both are the images, for a
 * classifier trained with `crossEntropy()` the targets are class indices `[N]`.
 */
export interface LabelledData {
  readonly inputs: Dataset;
  readonly targets: TargetTensor;
}

/**
 * Checks a labelled dataset and returns its number of examples; `checkInputs` checks the inputs
 * against the model's input (floats, or ids in the embedding table's range).
 */
export function checkLabelledData(data: LabelledData, checkInputs: (argument: string, inputs: unknown) => Dataset, argument = 'data'): number {
  if (typeof data !== 'object' || data === null) {
    throw new InvalidInputError(argument, 'an object { inputs, targets }', data);
  }
  const inputs = checkInputs(`${argument}.inputs`, data.inputs);
  // Integer labels are range-checked per batch against the model's output (class count).
  const targets = isIntegerArray(data.targets?.data) ? checkIntegerTensor(`${argument}.targets`, data.targets) : checkTensor(`${argument}.targets`, data.targets);
  const count = inputs.dims[0] ?? 0;
  if (inputs.dims.length === 0 || count === 0) throw new InvalidInputError(`${argument}.inputs.dims`, 'at least one example along the first dimension', `[${inputs.dims.join(', ')}]`);
  if (targets.dims[0] !== count) {
    throw new InvalidInputError(`${argument}.targets.dims[0]`, `${count} (the number of inputs)`, targets.dims[0]);
  }
  return count;
}

/** Deterministic Fisher-Yates permutation of 0..n-1 (mulberry32 seeded). */
export function permutation(n: number, seed: number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}

/** Copies the examples `indices` of `dataset` (floats or integer labels) into one batch tensor. */
export function gather<T extends TargetTensor>(dataset: T, indices: ArrayLike<number>): T {
  const rowSize = dataset.data.length / dataset.dims[0]!;
  const data = new (dataset.data.constructor as new (length: number) => T['data'])(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    (data as Float32Array).set(dataset.data.subarray(row * rowSize, (row + 1) * rowSize) as Float32Array, i * rowSize);
  }
  return { data, dims: [indices.length, ...dataset.dims.slice(1)] } as unknown as T;
}

/** Examples `start..end` of `dataset`, as a view (no copy). */
export function slice<T extends TargetTensor>(dataset: T, start: number, end: number): T {
  const rowSize = dataset.data.length / dataset.dims[0]!;
  return { data: dataset.data.subarray(start * rowSize, end * rowSize), dims: [end - start, ...dataset.dims.slice(1)] } as unknown as T;
}
