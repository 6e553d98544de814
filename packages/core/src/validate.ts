import { type HostTensor, InvalidInputError, describeValue, formatDims, numel } from '@losskit/graph';
import type { LossPlugin } from './plugin';

/** Checks that `dims` is an array of non-negative integers. */
export function checkDims(argument: string, dims: unknown): readonly number[] {
  if (!Array.isArray(dims) || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    // describeValue quotes strings, so `dims: '3'` reads as received "3", not as a number.
    throw new InvalidInputError(argument, 'an array of non-negative integers', describeValue(dims));
  }
  return dims as number[];
}

/**
 * Checks the dims of a loss's prediction: valid dims with at least one element. A loss over an
 * empty tensor has no value (`mean` would divide 0 by 0), so losskit refuses it rather than
 * inventing one; the graph, the reference and the sessions all agree on that.
 */
export function checkLossDims(argument: string, dims: unknown): readonly number[] {
  const checked = checkDims(argument, dims);
  const axis = checked.indexOf(0);
  if (axis >= 0) {
    throw new InvalidInputError(
      argument,
      'dims without a 0 (a loss needs at least one element)',
      formatDims(checked),
      `Axis ${axis} has size 0, so the tensor is empty`,
    );
  }
  return checked;
}

/** Why two dims differ, e.g. `differ at axis 3` or `differ in rank (4 and 3)`. */
function dimsDifference(a: readonly number[], b: readonly number[]): string | undefined {
  if (a.length !== b.length) return `differ in rank (${a.length} and ${b.length})`;
  const axis = a.findIndex((d, i) => d !== b[i]);
  return axis < 0 ? undefined : `differ at axis ${axis}`;
}

/**
 * The cheap part of {@link checkTensor}: an object whose `data` is a Float32Array of the length
 * its dims give. Values are not read.
 */
export function checkTensorLayout(argument: string, tensor: unknown): HostTensor {
  if (typeof tensor !== 'object' || tensor === null || ArrayBuffer.isView(tensor) || Array.isArray(tensor)) {
    throw new InvalidInputError(
      argument,
      'an object { data: Float32Array, dims: number[] }',
      tensor,
      ArrayBuffer.isView(tensor) || Array.isArray(tensor) ? 'Pass the values with their dims: { data, dims }' : undefined,
    );
  }
  const { data, dims } = tensor as { data?: unknown; dims?: unknown };
  if (!(data instanceof Float32Array)) throw new InvalidInputError(`${argument}.data`, 'a Float32Array', data);
  checkDims(`${argument}.dims`, dims);
  const expected = numel(dims as number[]);
  if (data.length !== expected) {
    throw new InvalidInputError(
      `${argument}.data`,
      `${expected} values for dims ${formatDims(dims as number[])}`,
      `${data.length} values`,
    );
  }
  return tensor as HostTensor;
}

/**
 * Checks one tensor argument: a Float32Array whose length matches its dims, with finite values.
 * Errors name the argument (`prediction.data[17]`), what was expected and what was received.
 */
export function checkTensor(argument: string, tensor: unknown): HostTensor {
  const checked = checkTensorLayout(argument, tensor);
  const { data } = checked;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InvalidInputError(`${argument}.data[${i}]`, 'a finite number', data[i]);
  }
  return checked;
}

/** The inputs of one loss evaluation. */
export interface LossFeeds {
  readonly prediction: HostTensor;
  readonly target: HostTensor;
  readonly weights?: HostTensor | undefined;
}

type TensorCheck = (argument: string, tensor: unknown) => HostTensor;

/** The checks of {@link validateLossInputs} in their order, with `check` for each tensor. */
function checkLossFeeds(feeds: LossFeeds, check: TensorCheck): void {
  if (typeof feeds !== 'object' || feeds === null) {
    throw new InvalidInputError('inputs', 'an object { prediction, target, weights? }', feeds);
  }
  const prediction = check('prediction', feeds.prediction);
  checkLossDims('prediction.dims', prediction.dims);
  const target = check('target', feeds.target);
  if (feeds.weights !== undefined) check('weights', feeds.weights);
  const difference = dimsDifference(prediction.dims, target.dims);
  if (difference) {
    throw new InvalidInputError(
      'target.dims',
      `${formatDims(prediction.dims)} (the prediction's dims)`,
      formatDims(target.dims),
      `The prediction dims ${formatDims(prediction.dims)} and target dims ${formatDims(target.dims)} ${difference}`,
    );
  }
}

/**
 * Checks loss inputs before any runtime sees them: types, dims against data length, finite
 * values, matching prediction and target dims, then the plugin's own value checks.
 * (Whether `weights` broadcast to the loss is checked when the graph is built.)
 */
export function validateLossInputs(plugin: LossPlugin<unknown>, feeds: LossFeeds): void {
  checkLossFeeds(feeds, checkTensor);
  plugin.validate?.({ prediction: feeds.prediction, target: feeds.target });
}

/**
 * The checks of {@link validateLossInputs} that read no values: types, dims, data lengths and
 * matching dims. When one fails, the error is the one `validateLossInputs` throws (which may
 * be about a value it meets first, so callers see the same error either way).
 */
export function validateLossLayout(plugin: LossPlugin<unknown>, feeds: LossFeeds): void {
  try {
    checkLossFeeds(feeds, checkTensorLayout);
  } catch (error) {
    validateLossInputs(plugin, feeds);
    throw error;
  }
}
