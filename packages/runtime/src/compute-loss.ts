import { type HostTensor, InvalidInputError, type LossPlugin, describeValue, isLossPlugin, resolveOptions } from '@losskit/core';
import type { Backend } from './backend';
import { createLossSessionWith } from './loss-session';
import { LOSS_SESSION_OPTIONS } from './options';
import type { LossSession, LossSessionOptions, ProviderName } from './types';

/**
 * A tensor as `computeLoss` takes it: `{ data, dims }` (data any array-like of numbers), a flat
 * array or typed array (dims `[length]`), nested arrays (`[[1, 2], [3, 4]]`, dims inferred) or a
 * number (a scalar).
 */
export type TensorLike = HostTensor<ArrayLike<number>> | ArrayLike<number> | NestedNumbers | number;

/** Nested arrays of numbers, rectangular. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/** The tensors of {@link computeLoss}. */
export interface ComputeLossInputs {
  readonly prediction: TensorLike;
  readonly target: TensorLike;
  /** Broadcastable to the elementwise loss. */
  readonly weights?: TensorLike;
}

/** The result of {@link computeLoss}. */
export interface ComputeLossResult {
  /** The loss: a number, or the elementwise values with `reduction: 'none'`. */
  readonly loss: number | Float32Array;
  /** d loss / d prediction, flat, in the prediction's layout (with `gradient: true`). */
  readonly gradient?: Float32Array;
  /** The execution provider that ran it. */
  readonly provider: ProviderName;
}

/** How many loss sessions (one per plugin, options and dims) `computeLoss` keeps ready. */
export const COMPUTE_LOSS_CACHE_SIZE = 16;

function flatten(argument: string, value: NestedNumbers): { data: number[]; dims: number[] } {
  if (value.length === 0 || !Array.isArray(value[0])) {
    if (value.some((v) => typeof v !== 'number')) throw new InvalidInputError(argument, 'an array of numbers or rectangular nested arrays', describeValue(value));
    return { data: value as number[], dims: [value.length] };
  }
  const rows = value.map((row, i) => {
    if (!Array.isArray(row)) throw new InvalidInputError(`${argument}[${i}]`, 'an array, like the other rows', describeValue(row));
    return flatten(`${argument}[${i}]`, row);
  });
  const inner = rows[0]!.dims;
  rows.forEach((row, i) => {
    if (row.dims.join() !== inner.join()) throw new InvalidInputError(`${argument}[${i}]`, `dims [${inner.join(', ')}] like ${argument}[0]`, `[${row.dims.join(', ')}]`);
  });
  return { data: rows.flatMap((r) => r.data), dims: [value.length, ...inner] };
}

/** `value` as a float32 `{ data, dims }` (values are checked later, by the loss session). */
function toTensor(argument: string, value: TensorLike): HostTensor {
  if (typeof value === 'number') return { data: Float32Array.of(value), dims: [] };
  if (Array.isArray(value)) {
    const { data, dims } = flatten(argument, value as NestedNumbers);
    return { data: Float32Array.from(data), dims };
  }
  if (ArrayBuffer.isView(value)) return { data: value instanceof Float32Array ? value : Float32Array.from(value as ArrayLike<number>), dims: [(value as ArrayLike<number>).length] };
  if (typeof value === 'object' && value !== null && 'data' in value && 'dims' in value) {
    const data = value.data instanceof Float32Array ? value.data : Float32Array.from(value.data);
    return { data, dims: value.dims };
  }
  throw new InvalidInputError(argument, '{ data, dims }, an array or typed array of numbers, nested arrays or a number', describeValue(value));
}

/** `computeLoss` and `releaseAll` of one ONNX Runtime binding. */
export interface LossComputer {
  computeLoss(plugin: LossPlugin<unknown>, inputs: ComputeLossInputs, options?: LossSessionOptions): Promise<ComputeLossResult>;
  releaseAll(): Promise<void>;
}

interface Entry {
  readonly session: Promise<LossSession>;
  /** Runs in flight; an evicted session is released once they are done. */
  runs: Promise<unknown>;
}

/** Creates the one-call API over a backend, with its bounded cache of loss sessions. */
export function createLossComputer(backend: Backend, capacity: number = COMPUTE_LOSS_CACHE_SIZE): LossComputer {
  // Insertion order is recency order: a hit is re-inserted, the first entry is the eldest.
  const cache = new Map<string, Entry>();
  const pluginIds = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (plugin: LossPlugin<unknown>) => {
    let id = pluginIds.get(plugin);
    if (id === undefined) pluginIds.set(plugin, (id = nextId++));
    return id;
  };
  const release = (entry: Entry) => entry.runs.then(async () => (await entry.session.catch(() => undefined))?.release());

  return {
    async computeLoss(plugin, inputs, options = {}) {
      if (!isLossPlugin(plugin)) {
        throw new InvalidInputError('plugin', 'a loss plugin such as l1() (did you pass the factory l1 instead of l1()?)', plugin);
      }
      const { reduction, gradient, provider, onNotice, session } = resolveOptions('computeLoss', LOSS_SESSION_OPTIONS, options);
      if (typeof inputs !== 'object' || inputs === null) throw new InvalidInputError('inputs', 'an object { prediction, target, weights? }', inputs);
      const prediction = toTensor('prediction', inputs.prediction);
      const target = toTensor('target', inputs.target);
      const weights = inputs.weights === undefined ? undefined : toTensor('weights', inputs.weights);
      const key = [idOf(plugin), reduction, gradient, provider, JSON.stringify(session), prediction.dims.join('x'), weights?.dims.join('x') ?? '-'].join('|');
      let entry = cache.get(key);
      if (entry) cache.delete(key);
      else {
        entry = { session: createLossSessionWith(backend, plugin, { reduction, gradient, provider, session, ...(onNotice ? { onNotice } : {}) }), runs: Promise.resolve() };
        entry.session.catch(() => cache.delete(key));
      }
      cache.set(key, entry);
      while (cache.size > capacity) {
        const [eldest, evicted] = cache.entries().next().value!;
        cache.delete(eldest);
        void release(evicted);
      }
      const run = entry.session.then((s) => s.run({ prediction, target, ...(weights ? { weights } : {}) }));
      entry.runs = Promise.all([entry.runs, run.catch(() => undefined)]);
      const result = await run;
      return {
        loss: reduction === 'none' ? result.loss : result.loss[0]!,
        ...(result.gradient ? { gradient: result.gradient } : {}),
        provider: result.provider,
      };
    },
    async releaseAll() {
      const entries = [...cache.values()];
      cache.clear();
      await Promise.all(entries.map(release));
    },
  };
}
