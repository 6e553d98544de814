import { type HostTensor, InvalidInputError, describeValue, formatDims, numel } from '@losskit/graph';
import { type IntegerRange, type LossInputSpec, type LossInputType, samePredictionDims } from './inputs';
import { type LossInputs, type LossPlugin, inputSpecsOf } from './plugin';
import type { IntegerTensor, LossTensor } from './tensor';

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

/** Why `dims` breaks `expected` (`undefined` entries match any size), e.g. `differ at axis 3`. */
function dimsDifference(dims: readonly number[], expected: readonly (number | undefined)[]): string | undefined {
  if (dims.length !== expected.length) return `differ in rank (${expected.length} and ${dims.length})`;
  const axis = expected.findIndex((d, i) => d !== undefined && d !== dims[i]);
  return axis < 0 ? undefined : `differ at axis ${axis}`;
}

/**
 * The cheap part of {@link checkTensor}: an object whose `data` is a Float32Array of the length
 * its dims give. Values are not read.
 */
export function checkTensorLayout(argument: string, tensor: unknown): HostTensor {
  return checkLayout(argument, tensor, 'float') as HostTensor;
}

/** The layout check of a float (`Float32Array`) or integer (`Int32Array`, `BigInt64Array`) tensor. */
function checkLayout(argument: string, tensor: unknown, type: LossInputType): LossTensor {
  if (typeof tensor !== 'object' || tensor === null || ArrayBuffer.isView(tensor) || Array.isArray(tensor)) {
    const data = type === 'float' ? 'Float32Array' : 'Int32Array | BigInt64Array';
    throw new InvalidInputError(
      argument,
      `an object { data: ${data}, dims: number[] }`,
      tensor,
      ArrayBuffer.isView(tensor) || Array.isArray(tensor) ? 'Pass the values with their dims: { data, dims }' : undefined,
    );
  }
  const { data, dims } = tensor as { data?: unknown; dims?: unknown };
  if (type === 'float' && !(data instanceof Float32Array)) {
    throw new InvalidInputError(`${argument}.data`, 'a Float32Array', data, isIntegerArray(data) ? `"${argument}" takes float values` : undefined);
  }
  if (type === 'integer' && !isIntegerArray(data)) {
    throw new InvalidInputError(
      `${argument}.data`,
      'integers: an Int32Array or a BigInt64Array',
      data,
      data instanceof Float32Array || data instanceof Float64Array ? `"${argument}" takes integer values (class indices or lengths)` : undefined,
    );
  }
  checkDims(`${argument}.dims`, dims);
  const expected = numel(dims as number[]);
  if ((data as ArrayLike<unknown>).length !== expected) {
    throw new InvalidInputError(
      `${argument}.data`,
      `${expected} values for dims ${formatDims(dims as number[])}`,
      `${(data as ArrayLike<unknown>).length} values`,
    );
  }
  return tensor as LossTensor;
}

/**
 * Checks an integer tensor argument (class indices, lengths, token ids): an `Int32Array` or
 * `BigInt64Array` whose length matches its dims. Values are the caller's to range-check.
 */
export function checkIntegerTensor(argument: string, tensor: unknown): IntegerTensor {
  return checkLayout(argument, tensor, 'integer') as IntegerTensor;
}

/** Whether `data` is an integer array a loss or model input takes (`Int32Array`, `BigInt64Array`). */
export function isIntegerArray(data: unknown): data is Int32Array | BigInt64Array {
  return data instanceof Int32Array || data instanceof BigInt64Array;
}

/**
 * Checks one tensor argument: a Float32Array whose length matches its dims, with finite values.
 * Errors name the argument (`prediction.data[17]`), what was expected and what was received.
 */
export function checkTensor(argument: string, tensor: unknown): HostTensor {
  const checked = checkTensorLayout(argument, tensor);
  checkFinite(argument, checked.data);
  return checked;
}

function checkFinite(argument: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InvalidInputError(`${argument}.data[${i}]`, 'a finite number', data[i]);
  }
}

/** Checks integer values against their declared range, naming the first one outside it. */
function checkRange(argument: string, data: Int32Array | BigInt64Array, range: IntegerRange): void {
  const { min, max, except } = range;
  for (let i = 0; i < data.length; i++) {
    const value = Number(data[i]);
    if ((value < min || value > max) && value !== except) {
      throw new InvalidInputError(`${argument}.data[${i}]`, range.description, String(data[i]));
    }
  }
}

/**
 * The inputs of one loss evaluation: the prediction, the inputs the plugin declares (a `target`
 * for most losses; `positive` and `negative` for triplet margin), and optional `weights`.
 */
export interface LossFeeds {
  readonly prediction: HostTensor;
  readonly target?: LossTensor | undefined;
  readonly weights?: HostTensor | undefined;
  readonly [name: string]: LossTensor | undefined;
}

/**
 * The checks of {@link validateLossInputs} in their order. `values` says whether float values
 * are read (finite checks); integer ranges are always checked, since no graph checks them.
 */
function checkLossFeeds(plugin: LossPlugin<unknown>, feeds: LossFeeds, values: boolean): void {
  const specs = inputSpecsOf(plugin);
  if (typeof feeds !== 'object' || feeds === null) {
    throw new InvalidInputError('inputs', `an object { ${[...Object.keys(specs), 'prediction', 'weights?'].join(', ')} }`, feeds);
  }
  const check = (argument: string, tensor: unknown, type: LossInputType): LossTensor => {
    const checked = checkLayout(argument, tensor, type);
    if (values && type === 'float') checkFinite(argument, checked.data as Float32Array);
    return checked;
  };
  const prediction = check('prediction', feeds.prediction, 'float');
  checkLossDims('prediction.dims', prediction.dims);
  for (const name of Object.keys(feeds)) {
    if (name !== 'prediction' && name !== 'weights' && !(name in specs) && feeds[name] !== undefined) {
      throw new InvalidInputError('inputs', `only the inputs ${plugin.name} takes: ${['prediction', ...Object.keys(specs), 'weights'].join(', ')}`, `an input "${name}"`);
    }
  }
  const declared = Object.entries(specs).map(([name, spec]) => [name, spec, check(name, feeds[name], spec.type)] as const);
  if (feeds.weights !== undefined) check('weights', feeds.weights, 'float');
  for (const [name, spec, tensor] of declared) checkAgainstPrediction(name, name, spec, tensor, prediction.dims);
}

/** The checks of one declared input that follow from the prediction: dims (naming the axis), then integer ranges. */
function checkAgainstPrediction(name: string, argument: string, spec: LossInputSpec, tensor: LossTensor, predictionDims: readonly number[]): void {
  const expected = (spec.dims ?? samePredictionDims)(predictionDims);
  const difference = dimsDifference(tensor.dims, expected);
  if (difference) {
    const shown = formatDims(expected.map((d) => d ?? 'any'));
    const same = spec.dims === undefined || spec.dims === samePredictionDims;
    throw new InvalidInputError(
      `${argument}.dims`,
      same ? `${shown} (the prediction's dims)` : `${shown} (${spec.description}, for prediction dims ${formatDims(predictionDims)})`,
      formatDims(tensor.dims),
      `The prediction dims ${formatDims(predictionDims)} and ${name} dims ${formatDims(tensor.dims)} ${difference}`,
    );
  }
  if (spec.range) checkRange(argument, tensor.data as Int32Array | BigInt64Array, spec.range(predictionDims));
}

/**
 * Checks one declared input of `plugin` (`name`, e.g. `target`) against a prediction of
 * `predictionDims`, as sessions do: its type (float or integer), length, finite values, dims and
 * integer range. Errors name `argument` (default `name`; the trainer says `batch.target`).
 */
export function checkLossInput(plugin: LossPlugin<unknown>, name: string, tensor: unknown, predictionDims: readonly number[], argument: string = name): LossTensor {
  const spec = inputSpecsOf(plugin)[name];
  if (!spec) throw new InvalidInputError('inputs', `an input ${plugin.name} takes (${Object.keys(inputSpecsOf(plugin)).join(', ')})`, `"${name}"`);
  const checked = checkLayout(argument, tensor, spec.type);
  if (spec.type === 'float') checkFinite(argument, checked.data as Float32Array);
  checkAgainstPrediction(name, argument, spec, checked, predictionDims);
  return checked;
}

/**
 * The loss inputs as a plugin's `validate` sees them: every declared input as float32 values
 * (integers converted; class indices and lengths are exact in float32 up to 2^24).
 */
function asFloatInputs(plugin: LossPlugin<unknown>, feeds: LossFeeds): LossInputs {
  const inputs: Record<string, HostTensor> = { prediction: feeds.prediction };
  for (const name of Object.keys(inputSpecsOf(plugin))) {
    const tensor = feeds[name]!;
    inputs[name] = tensor.data instanceof Float32Array ? (tensor as HostTensor) : { data: Float32Array.from(tensor.data, Number), dims: tensor.dims };
  }
  return inputs as unknown as LossInputs;
}

/**
 * Checks loss inputs before any runtime sees them: types (float or integer, as the plugin
 * declares each input), dims against data length, finite values, each input's dims against the
 * prediction's, integer ranges (class indices in [0, C)), then the plugin's own value checks.
 * (Whether `weights` broadcast to the loss is checked when the graph is built.)
 */
export function validateLossInputs(plugin: LossPlugin<unknown>, feeds: LossFeeds): void {
  checkLossFeeds(plugin, feeds, true);
  plugin.validate?.(asFloatInputs(plugin, feeds));
}

/**
 * The checks of {@link validateLossInputs} that read no float values: types, dims, data
 * lengths, matching dims and integer ranges. When one fails, the error is the one `validateLossInputs` throws (which may
 * be about a value it meets first, so callers see the same error either way).
 */
export function validateLossLayout(plugin: LossPlugin<unknown>, feeds: LossFeeds): void {
  try {
    checkLossFeeds(plugin, feeds, false);
  } catch (error) {
    validateLossInputs(plugin, feeds);
    throw error;
  }
}
