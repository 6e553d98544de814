import {
  type HostTensor,
  InvalidInputError,
  type LossFeeds,
  type LossInputType,
  type LossPlugin,
  type LossTensor,
  describeValue,
  inputSpecsOf,
  resolveOptions,
} from '@losskit/core';
import type { Backend } from './backend';
import { checkLossPlugin, openLossSession } from './loss-session';
import { LOSS_SESSION_OPTIONS } from './options';
import type { LossSession, LossSessionOptions, ProviderName } from './types';

/**
 * A tensor as `computeLoss` takes it: `{ data, dims }` (data any array-like of numbers), a flat
 * array or typed array (dims `[length]`), nested arrays (`[[1, 2], [3, 4]]`, dims inferred) or a
 * number (a scalar).
 */
export type TensorLike =
  | HostTensor<ArrayLike<number> | BigInt64Array>
  | ArrayLike<number>
  | BigInt64Array
  | NestedNumbers
  | number;

/** Nested arrays of numbers, rectangular. */
export type NestedNumbers = readonly (number | NestedNumbers)[];

/**
 * The tensors of {@link computeLoss}: the prediction, the inputs the plugin declares (a `target`
 * for most losses: float values, or class indices as an `Int32Array`, a `BigInt64Array` or plain
 * integers; `positive` and `negative` for triplet margin) and optional `weights`.
 */
export interface ComputeLossInputs {
  readonly prediction: TensorLike;
  readonly target?: TensorLike;
  /** Broadcastable to the elementwise loss. */
  readonly weights?: TensorLike;
  readonly [input: string]: TensorLike | undefined;
}

/** The result of {@link computeLoss}. */
export interface ComputeLossResult {
  /** The loss: a number, or the elementwise values with `reduction: 'none'`. */
  readonly loss: number | Float32Array;
  /** d loss / d prediction, flat, in the prediction's layout (with `gradient: true`). */
  readonly gradient?: Float32Array;
  /** d loss / d each differentiable input by name, `prediction` included (with `gradient: true`). */
  readonly gradients?: Readonly<Record<string, Float32Array>>;
  /** A combined loss's parts by key, each part's own mean, unweighted (see `LossResult.parts`). */
  readonly parts?: Readonly<Record<string, number>>;
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

/** `value` as `{ data, dims }` with any array-like data (converted by {@link toTensor}). */
function toDataAndDims(argument: string, value: TensorLike): { data: ArrayLike<number> | BigInt64Array; dims: readonly number[] } {
  if (typeof value === 'number') return { data: [value], dims: [] };
  if (Array.isArray(value)) return flatten(argument, value as NestedNumbers);
  if (ArrayBuffer.isView(value)) return { data: value as ArrayLike<number> | BigInt64Array, dims: [(value as { length: number }).length] };
  if (typeof value === 'object' && value !== null && 'data' in value && 'dims' in value) return value;
  throw new InvalidInputError(argument, '{ data, dims }, an array or typed array of numbers, nested arrays or a number', describeValue(value));
}

/**
 * `value` as the tensor the loss session takes: float32 for a float input; for an integer input,
 * `Int32Array` and `BigInt64Array` data as given and plain integers as a `BigInt64Array`. Typed
 * arrays of the other kind pass through, for the session to refuse with its precise error.
 */
function toTensor(argument: string, value: TensorLike, type: LossInputType): LossTensor {
  const { data, dims } = toDataAndDims(argument, value);
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof BigInt64Array) return { data, dims } as LossTensor;
  if (ArrayBuffer.isView(data) && type === 'integer') return { data, dims } as unknown as LossTensor;
  if (type === 'float') return { data: Float32Array.from(data as ArrayLike<number>), dims };
  const values = data as ArrayLike<number>;
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isSafeInteger(values[i])) throw new InvalidInputError(`${argument}.data[${i}]`, 'an integer', values[i]);
    out[i] = BigInt(values[i]!);
  }
  return { data: out, dims };
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
      checkLossPlugin(plugin);
      // Resolved once here; the session below takes them as they are.
      const resolved = resolveOptions('computeLoss', LOSS_SESSION_OPTIONS, options);
      const { reduction, gradient, provider, session } = resolved;
      const specs = inputSpecsOf(plugin);
      if (typeof inputs !== 'object' || inputs === null) {
        throw new InvalidInputError('inputs', `an object { ${['prediction', ...Object.keys(specs), 'weights?'].join(', ')} }`, inputs);
      }
      // Names the plugin does not declare are converted as floats and refused by the session.
      const feeds: Record<string, LossTensor> = {};
      for (const [name, value] of Object.entries(inputs)) {
        if (value !== undefined) feeds[name] = toTensor(name, value, specs[name]?.type ?? 'float');
      }
      const dims = Object.keys(feeds).sort().map((name) => `${name}:${feeds[name]!.dims.join('x')}`);
      const key = [idOf(plugin), reduction, gradient, provider, JSON.stringify(session), ...dims].join('|');
      let entry = cache.get(key);
      if (entry) cache.delete(key);
      else {
        entry = { session: openLossSession(backend, plugin, resolved), runs: Promise.resolve() };
        entry.session.catch(() => cache.delete(key));
      }
      cache.set(key, entry);
      while (cache.size > capacity) {
        const [eldest, evicted] = cache.entries().next().value!;
        cache.delete(eldest);
        void release(evicted);
      }
      const run = entry.session.then((s) => s.run(feeds as unknown as LossFeeds));
      entry.runs = Promise.all([entry.runs, run.catch(() => undefined)]);
      const result = await run;
      return {
        loss: reduction === 'none' ? result.loss : result.loss[0]!,
        ...(result.gradient ? { gradient: result.gradient, gradients: result.gradients! } : {}),
        ...(result.parts ? { parts: result.parts } : {}),
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
