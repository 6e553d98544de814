import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { ProviderInfo, ProviderName } from './types';

/** The parts of an ONNX Runtime binding (onnxruntime-node or onnxruntime-web) losskit uses. */
export interface OrtModule {
  readonly InferenceSession: {
    create(buffer: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
  readonly Tensor: typeof Tensor;
}

/** One platform's binding and its providers, in `auto` preference order. */
export interface Backend {
  readonly platform: 'node' | 'browser';
  readonly ort: OrtModule;
  /** Providers `auto` tries, best first. */
  readonly autoOrder: readonly ProviderName[];
  /** Checks whether a provider can run here; resolves with the reason when it cannot. */
  probe(provider: ProviderName): Promise<ProviderInfo>;
  /** Turns an ONNX Runtime error from session creation into an explanation, when one is known. */
  explain?(provider: ProviderName, error: unknown): string | undefined;
  /** Copies a tensor that lives in a GPU buffer to the host. */
  downloadGpuTensor(tensor: Tensor): Promise<Float32Array>;
}
