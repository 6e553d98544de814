import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { Platform } from './capabilities';
import type { ProviderInfo, ProviderName, ProviderProblem } from './types';

/** The parts of an ONNX Runtime binding (onnxruntime-node or onnxruntime-web) losskit uses. */
export interface OrtModule {
  readonly InferenceSession: {
    create(buffer: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession>;
  };
  readonly Tensor: typeof Tensor;
}

/** One platform's binding and its providers, in `auto` preference order. */
export interface Backend {
  readonly platform: Platform;
  readonly ort: OrtModule;
  /** Providers `auto` tries, best first (`autoOrder(platform)` of the capabilities record). */
  readonly autoOrder: readonly ProviderName[];
  /**
   * Checks whether one of this build's providers can run here; resolves with the reason when it
   * cannot. Providers of the other build are answered from the capabilities record, unprobed.
   */
  probe(provider: ProviderName): Promise<ProviderInfo>;
  /** Turns an ONNX Runtime error from the probe session into an explanation, when one is known. */
  explain?(provider: ProviderName, error: unknown): { readonly reason: string; readonly problem: ProviderProblem } | undefined;
  /** Copies a tensor that lives in a GPU buffer to the host. */
  downloadGpuTensor(tensor: Tensor): Promise<Float32Array>;
}
