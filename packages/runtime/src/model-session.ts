import { checkTensor, resolveOptions, ReleasedError, UnavailableProviderError } from '@losskit/core';
import { InvalidInputError, UnsupportedOperatorError } from '@losskit/graph';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { Backend } from './backend';
import { MODEL_SESSION_OPTIONS } from './options';
import { firstLine, resolveProvider, sessionOptionsFor } from './providers';
import type { ProviderName, RuntimeOptions } from './types';

/** A float32 tensor on the host: flat data and dims. */
export interface HostTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** Options of `createModelSession`. */
export interface ModelSessionOptions extends RuntimeOptions {
  /**
   * Outputs to keep on the device (WebGPU `gpu-buffer`) instead of copying them to the host.
   * Feed them back as inputs of the next run to keep, e.g., training parameters on the GPU.
   * Ignored on CPU and WASM.
   */
  readonly keepOnDevice?: readonly string[];
}

/** An ONNX Runtime tensor as returned by a run: read it with `getData()`, free it with `dispose()`. */
export type RuntimeTensor = Tensor;

/** Any ONNX model, run on one provider with inputs checked against the model's declared shapes. */
export interface ModelSession {
  readonly provider: ProviderName;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model. Inputs are host tensors or tensors returned by an earlier run. */
  run(feeds: Readonly<Record<string, HostTensor | RuntimeTensor>>, outputs?: readonly string[]): Promise<Record<string, RuntimeTensor>>;
  release(): Promise<void>;
}

/** Wraps an ONNX Runtime error raised while creating a session on a GPU provider. */
function creationError(provider: ProviderName, error: unknown): Error {
  const message = firstLine(error);
  if (/fallback to CPU EP has been explicitly disabled|assigned to the default CPU EP/i.test(message)) {
    return new UnsupportedOperatorError(
      [],
      `The ${provider} provider cannot run every node of this graph, and losskit never falls back to the CPU silently (${message})`,
    );
  }
  return new UnavailableProviderError(provider, message, { cause: error });
}

function isRuntimeTensor(value: unknown): value is RuntimeTensor {
  return typeof value === 'object' && value !== null && 'location' in value && 'type' in value;
}

/** Creates a model session on a backend (platform entries wrap this as `createModelSession`). */
export async function createModelSessionWith(backend: Backend, model: Uint8Array, options: ModelSessionOptions = {}): Promise<ModelSession> {
  const { provider: request, onNotice, keepOnDevice } = resolveOptions('createModelSession', MODEL_SESSION_OPTIONS, options);
  const provider = await resolveProvider(backend, request, onNotice);
  const keep = provider === 'webgpu' ? keepOnDevice : [];
  let session: InferenceSession;
  try {
    session = await backend.ort.InferenceSession.create(model, {
      ...sessionOptionsFor(provider),
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

  return {
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
        const tensor = checkTensor(`inputs.${name}`, feed);
        const declared = declaredDims.get(name);
        if (declared && (declared.length !== tensor.dims.length || declared.some((d, i) => typeof d === 'number' && d !== tensor.dims[i]))) {
          throw new InvalidInputError(`inputs.${name}.dims`, `[${declared.join(', ')}] (declared by the model)`, `[${tensor.dims.join(', ')}]`);
        }
        ortFeeds[name] = new backend.ort.Tensor('float32', tensor.data, tensor.dims);
      }
      const result = queue.then(() => (outputs ? session.run(ortFeeds, outputs as string[]) : session.run(ortFeeds)));
      queue = result.catch(() => undefined);
      return result as Promise<Record<string, RuntimeTensor>>;
    },
    async release() {
      if (released) return;
      released = true;
      await queue;
      await session.release();
    },
  };
}

/** Host data of a run's output tensor, copying from the GPU when needed. */
export async function downloadWith(backend: Backend, tensor: RuntimeTensor): Promise<Float32Array> {
  if (tensor.location === 'cpu' || tensor.location === 'cpu-pinned') return tensor.data as Float32Array;
  if (tensor.location === 'gpu-buffer') return backend.downloadGpuTensor(tensor);
  throw new InvalidInputError('tensor.location', '"cpu", "cpu-pinned" or "gpu-buffer"', tensor.location);
}
