import { InvalidInputError } from '@losskit/graph';
import type { LossPlugin } from './plugin';
import { type TensorInput, sizeOf } from './tensor';

function formatDims(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/** Checks that `dims` is an array of non-negative integers. */
export function checkDims(argument: string, dims: unknown): readonly number[] {
  if (!Array.isArray(dims) || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InvalidInputError(argument, 'an array of non-negative integers', dims);
  }
  return dims as number[];
}

/**
 * Checks one tensor argument: a Float32Array whose length matches its dims, with finite values.
 * Errors name the argument (`prediction.data[17]`), what was expected and what was received.
 */
export function checkTensor(argument: string, tensor: unknown): TensorInput {
  if (typeof tensor !== 'object' || tensor === null) {
    throw new InvalidInputError(argument, 'an object { data: Float32Array, dims: number[] }', tensor);
  }
  const { data, dims } = tensor as { data?: unknown; dims?: unknown };
  if (!(data instanceof Float32Array)) throw new InvalidInputError(`${argument}.data`, 'a Float32Array', data);
  checkDims(`${argument}.dims`, dims);
  const expected = sizeOf(dims as number[]);
  if (data.length !== expected) {
    throw new InvalidInputError(
      `${argument}.data`,
      `${expected} values for dims ${formatDims(dims as number[])}`,
      `${data.length} values`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InvalidInputError(`${argument}.data[${i}]`, 'a finite number', data[i]);
  }
  return tensor as TensorInput;
}

/** The inputs of one loss evaluation. */
export interface LossFeeds {
  readonly prediction: TensorInput;
  readonly target: TensorInput;
  readonly weights?: TensorInput | undefined;
}

/**
 * Checks loss inputs before any runtime sees them: types, dims against data length, finite
 * values, matching prediction and target dims, then the plugin's own value checks.
 * (Whether `weights` broadcast to the loss is checked when the graph is built.)
 */
export function validateLossInputs(plugin: LossPlugin<unknown>, feeds: LossFeeds): void {
  if (typeof feeds !== 'object' || feeds === null) {
    throw new InvalidInputError('inputs', 'an object { prediction, target, weights? }', feeds);
  }
  const prediction = checkTensor('prediction', feeds.prediction);
  const target = checkTensor('target', feeds.target);
  if (feeds.weights !== undefined) checkTensor('weights', feeds.weights);
  if (target.dims.length !== prediction.dims.length || target.dims.some((d, i) => d !== prediction.dims[i])) {
    throw new InvalidInputError('target.dims', `${formatDims(prediction.dims)} (the prediction's dims)`, formatDims(target.dims));
  }
  plugin.validate?.({ prediction, target });
}
