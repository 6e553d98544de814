import {
  type HostTensor,
  type IntegerTensor,
  ReleasedError,
  type ResolvedOptions,
  UnavailableProviderError,
  checkIntegerTensor,
  checkTensor,
  isIntegerArray,
  resolveOptions,
} from '@losskit/core';
import { InvalidInputError, ModelFormatError, UnsupportedOperatorError, describeValue } from '@losskit/graph';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { Backend } from './backend';
import { withAsyncDispose } from './dispose';
import { providerCapabilities } from './capabilities';
import { MODEL_SESSION_OPTIONS, type ModelSessionOptionsSchema } from './options';
import { firstLine, pickProvider, sessionOptionsFor } from './providers';
import type { ProviderName, RuntimeOptions } from './types';

/** Options of `createModelSession`. */
export interface ModelSessionOptions extends RuntimeOptions {
  /**
   * Outputs to keep on the device (WebGPU `gpu-buffer`) instead of copying them to the host.
   * Feed them back as inputs of the next run to keep, e.g., training parameters on the GPU.
   * Ignored on CPU and WASM.
   */
  readonly keepOnDevice?: readonly string[];
  /**
   * Inputs whose host values the caller has checked already (a Float32Array of the right length
   * with finite values, as `checkTensor` of @losskit/core does, or integers in an `Int32Array` or
   * `BigInt64Array` for an int32 or int64 input): the session then checks only
   * their dims against the model, so no input is scanned twice. Default none.
   */
  readonly checkedInputs?: readonly string[];
}

/**
 * What {@link openModelSession} takes: `createModelSession`'s options after `resolveOptions`
 * (every default filled in), with the provider resolved to one that runs here.
 */
export type ResolvedModelSessionOptions = Pick<ResolvedOptions<ModelSessionOptionsSchema>, 'keepOnDevice' | 'checkedInputs' | 'session'> & {
  readonly provider: ProviderName;
};

/** An ONNX Runtime tensor as returned by a run: read it with `getData()`, free it with `dispose()`. */
export type RuntimeTensor = Tensor;

/** Any ONNX model, run on one provider with inputs checked against the model's declared shapes. */
export interface ModelSession {
  readonly provider: ProviderName;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model. Inputs are host tensors or tensors returned by an earlier run. */
  run(feeds: Readonly<Record<string, HostTensor | IntegerTensor | RuntimeTensor>>, outputs?: readonly string[]): Promise<Record<string, RuntimeTensor>>;
  release(): Promise<void>;
  /** `release()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Classifies an ONNX Runtime error raised while creating a session: a file that is not a valid
 * model, an operator no kernel implements, a GPU provider that cannot run every node, or a
 * provider that does not load. Only the last is the provider's fault.
 */
function creationError(provider: ProviderName, error: unknown): Error {
  const message = firstLine(error);
  if (/fallback to CPU EP has been explicitly disabled|assigned to the default CPU EP/i.test(message)) {
    return new UnsupportedOperatorError(
      [],
      `The ${provider} provider cannot run every node of this graph, and losskit never falls back to the CPU silently (${message})`,
    );
  }
  const missingOps = [...message.matchAll(/No Op registered for (\S+)|Could not find an implementation for (\S+?)\(/g)].map((m) => m[1] ?? m[2]!);
  if (missingOps.length > 0) {
    return new UnsupportedOperatorError(missingOps, `ONNX Runtime (${provider}) has no kernel for these operators (${message})`);
  }
  if (/protobuf parsing failed|invalid model|INVALID_GRAPH|INVALID_PROTOBUF|ShapeInferenceError|Type Error|Load model/i.test(message)) {
    return new ModelFormatError(`ONNX Runtime could not load the model: ${message}`, { cause: error });
  }
  return new UnavailableProviderError(provider, message, { cause: error });
}

/** An ONNX Runtime tensor of host data: float32, or checked int32/int64 values. */
function hostTensorFor(backend: Backend, tensor: HostTensor | IntegerTensor): Tensor {
  const { data, dims } = tensor;
  if (data instanceof BigInt64Array) return new backend.ort.Tensor('int64', data, dims);
  if (data instanceof Int32Array) return new backend.ort.Tensor('int32', data, dims);
  return new backend.ort.Tensor('float32', data, dims);
}

function isRuntimeTensor(value: unknown): value is RuntimeTensor {
  return typeof value === 'object' && value !== null && 'location' in value && 'type' in value;
}

/**
 * Runs a session and returns the requested outputs. onnxruntime-node 1.30 applies
 * `preferredOutputLocation` by position in the session's output list, not by name, when a run
 * fetches only some outputs (measured: fetching [loss, new/w, new/b, check] of
 * [y, loss, new/w, new/b, check] put new/w on the CPU and check on the GPU). With device outputs,
 * every output is fetched and the unrequested ones are freed.
 */
async function runSelected(
  session: InferenceSession,
  feeds: Record<string, Tensor>,
  outputs: readonly string[] | undefined,
  hasDeviceOutputs: boolean,
): Promise<Record<string, Tensor>> {
  if (!outputs) return session.run(feeds);
  if (!hasDeviceOutputs) return session.run(feeds, outputs as string[]);
  const all = await session.run(feeds);
  const wanted = new Set(outputs);
  const selected: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(all)) {
    if (wanted.has(name)) selected[name] = tensor;
    else tensor.dispose();
  }
  return selected;
}

/** Creates a model session on a backend (platform entries wrap this as `createModelSession`). */
export async function createModelSessionWith(backend: Backend, model: Uint8Array, options: ModelSessionOptions = {}): Promise<ModelSession> {
  // ONNX Runtime would read a string as a file path; losskit takes the bytes only.
  if (!(model instanceof Uint8Array)) throw new InvalidInputError('model', 'the bytes of an .onnx file (a Uint8Array)', describeValue(model));
  const resolved = resolveOptions('createModelSession', MODEL_SESSION_OPTIONS, options);
  const provider = await pickProvider(backend, resolved.provider, resolved.onNotice);
  return openModelSession(backend, model, { ...resolved, provider });
}

/**
 * A model session from options checked already and a provider resolved already (loss sessions
 * and trainers open theirs with this: nothing is parsed or probed again).
 */
export async function openModelSession(backend: Backend, model: Uint8Array, options: ResolvedModelSessionOptions): Promise<ModelSession> {
  const { provider, keepOnDevice, session: tuning } = options;
  const capabilities = providerCapabilities(provider);
  const keep = capabilities.deviceOutputs ? keepOnDevice : [];
  const checkedInputs = new Set(options.checkedInputs);
  let session: InferenceSession;
  try {
    // Rewrites that avoid the provider's known bugs (e.g. WebGPU's Conv channel padding).
    const bytes = capabilities.workarounds.reduce((current, workaround) => workaround.apply(current), model);
    session = await backend.ort.InferenceSession.create(bytes, {
      ...sessionOptionsFor(provider, tuning),
      ...(keep.length > 0 ? { preferredOutputLocation: Object.fromEntries(keep.map((name) => [name, 'gpu-buffer'])) } : {}),
    });
  } catch (error) {
    throw creationError(provider, error);
  }
  const declaredDims = new Map<string, readonly (number | string)[]>();
  for (const meta of session.inputMetadata ?? []) {
    if (meta.isTensor) declaredDims.set(meta.name, meta.shape);
  }
  let released = false;
  // ONNX Runtime Web cannot run one session concurrently, so runs are queued.
  let queue: Promise<unknown> = Promise.resolve();

  return withAsyncDispose<Omit<ModelSession, typeof Symbol.asyncDispose>>({
    provider,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds, outputs) {
      if (released) throw new ReleasedError('This model session');
      const ortFeeds: Record<string, Tensor> = {};
      for (const name of session.inputNames) {
        const feed = feeds[name];
        if (feed === undefined) throw new InvalidInputError(`inputs.${name}`, 'a tensor (the model declares this input)', feed);
        if (isRuntimeTensor(feed)) {
          ortFeeds[name] = feed;
          continue;
        }
        const tensor = checkedInputs.has(name) ? feed : isIntegerArray(feed.data) ? checkIntegerTensor(`inputs.${name}`, feed) : checkTensor(`inputs.${name}`, feed);
        const declared = declaredDims.get(name);
        if (declared && (declared.length !== tensor.dims.length || declared.some((d, i) => typeof d === 'number' && d !== tensor.dims[i]))) {
          throw new InvalidInputError(`inputs.${name}.dims`, `[${declared.join(', ')}] (declared by the model)`, `[${tensor.dims.join(', ')}]`);
        }
        ortFeeds[name] = hostTensorFor(backend, tensor);
      }
      const result = queue.then(() => runSelected(session, ortFeeds, outputs, keep.length > 0));
      queue = result.catch(() => undefined);
      return result as Promise<Record<string, RuntimeTensor>>;
    },
    async release() {
      if (released) return;
      released = true;
      await queue;
      await session.release();
    },
  });
}

/** Host data of a run's output tensor, copying from the GPU when needed. */
export async function downloadWith(backend: Backend, tensor: RuntimeTensor): Promise<Float32Array> {
  if (tensor.location === 'cpu' || tensor.location === 'cpu-pinned') return tensor.data as Float32Array;
  if (tensor.location === 'gpu-buffer') return backend.downloadGpuTensor(tensor);
  throw new InvalidInputError('tensor.location', '"cpu", "cpu-pinned" or "gpu-buffer"', tensor.location);
}
