import { type HostTensor, InvalidOptionError, type OptionSpec, formatDims, numel } from '@losskit/core';

/** A per-element weight tensor for the positive term, broadcast over the target; typed arrays and plain arrays are accepted. */
export type PosWeightTensor = HostTensor<ArrayLike<number>>;

/** `posWeight` as a plugin carries it: a number, a tensor with plain-array data, or none. */
export type ResolvedPosWeight = number | HostTensor<readonly number[]> | undefined;

const EXPECTED = 'a finite number >= 0, or a tensor { data, dims } of them broadcast over the target';

function isWeight(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function parseTensor(value: object, path: string): ResolvedPosWeight {
  const { data, dims } = value as { data?: unknown; dims?: unknown };
  if (!Array.isArray(dims) || dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new InvalidOptionError(`${path}.dims`, 'an array of non-negative integers', dims);
  }
  const isList = Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView));
  if (!isList) throw new InvalidOptionError(`${path}.data`, 'an array or typed array of numbers', data);
  const values = Array.from(data as ArrayLike<number>);
  const expected = numel(dims as number[]);
  if (values.length !== expected) {
    throw new InvalidOptionError(`${path}.data`, `${expected} values for dims ${formatDims(dims as number[])}`, `${values.length} values`);
  }
  values.forEach((v, i) => {
    if (!isWeight(v)) throw new InvalidOptionError(`${path}.data[${i}]`, 'a finite number >= 0', v);
  });
  return Object.freeze({ data: Object.freeze(values), dims: Object.freeze([...(dims as number[])]) });
}

/** The `posWeight` option: checked and copied when the plugin is made. */
export const posWeightOption: OptionSpec<number | PosWeightTensor | undefined, ResolvedPosWeight> = {
  type: 'number | { data, dims } | undefined',
  description:
    'Weight of the positive term (y = 1), as in PyTorch BCEWithLogitsLoss(pos_weight): > 1 raises recall, < 1 precision. ' +
    'A tensor gives one weight per class, e.g. dims [C] for a [N, C] target. Without logits it scales y log(p) the same way.',
  default: undefined,
  parse: (value, path) => {
    if (value === undefined) return undefined;
    if (typeof value === 'number') {
      if (!isWeight(value)) throw new InvalidOptionError(path, EXPECTED, value);
      return value;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return parseTensor(value, path);
    throw new InvalidOptionError(path, EXPECTED, value);
  },
};

/** Whether `from` broadcasts to `to` in one direction (numpy rules, `from` is not enlarged). */
function broadcastsOnto(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[offset + i]);
}

/** Throws when a posWeight tensor does not broadcast over a target of `targetDims`. */
export function checkPosWeightDims(posWeight: ResolvedPosWeight, targetDims: readonly number[]): void {
  if (typeof posWeight !== 'object') return;
  if (!broadcastsOnto(posWeight.dims, targetDims)) {
    throw new InvalidOptionError(
      'bce.posWeight.dims',
      `dims that broadcast over the target's dims ${formatDims(targetDims)} (e.g. [${targetDims.at(-1) ?? 1}] for one weight per class)`,
      formatDims(posWeight.dims),
    );
  }
}
