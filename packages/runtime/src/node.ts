/**
 * @losskit/runtime for Node.js, on onnxruntime-node: providers `cpu`, `cuda` and `webgpu`.
 * @module
 */
import type { LossPlugin } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import type { Backend } from './backend';
import { missingCudaLibraries } from './cuda';
import { identityDownloader } from './download';
import { createLossSessionWith } from './loss-session';
import { type ModelSession, type ModelSessionOptions, type RuntimeTensor, createModelSessionWith, downloadWith } from './model-session';
import { listProvidersWith, resolveProvider as resolveProviderWith, tryProvider } from './providers';
import type { LossSession, LossSessionOptions, ProviderInfo, ProviderName, ProviderRequest, RuntimeOptions } from './types';

const SWIFTSHADER_HINT =
  'no WebGPU adapter was found. Without a GPU, SwiftShader can provide one: install libvulkan1 and ' +
  "Debian's chromium package, then set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json";

const backend: Backend = {
  platform: 'node',
  ort,
  autoOrder: ['cuda', 'cpu'],
  async probe(provider: ProviderName): Promise<ProviderInfo> {
    if (provider === 'wasm') {
      return { name: provider, available: false, reason: 'wasm is the browser build\'s CPU provider; in Node use "cpu"' };
    }
    if (provider === 'cuda') {
      const missing = missingCudaLibraries();
      if (missing) return { name: provider, available: false, reason: missing };
    }
    const failure = await tryProvider(backend, provider);
    return failure ? { name: provider, available: false, reason: failure } : { name: provider, available: true };
  },
  downloadGpuTensor: identityDownloader(ort),
  explain(provider, error) {
    const message = error instanceof Error ? error.message : String(error);
    if (provider === 'webgpu' && /adapter/i.test(message)) return SWIFTSHADER_HINT;
    if (provider === 'cuda' && /load|libcu|\.so/i.test(message)) {
      return `the CUDA provider did not load (${message.split('\n')[0]}). It needs an NVIDIA driver and the CUDA runtime, cuBLAS and cuDNN its build was made for`;
    }
    return undefined;
  },
};

/**
 * Creates a loss session: `plugin` compiled to ONNX with the chosen reduction (and gradient),
 * run on the chosen provider. Rejects with `UnavailableProviderError` when an explicitly
 * requested provider cannot run here.
 */
export function createLossSession(plugin: LossPlugin<unknown>, options?: LossSessionOptions): Promise<LossSession> {
  return createLossSessionWith(backend, plugin, options);
}

/** Runs any ONNX model on a provider, with the same provider rules as loss sessions. */
export function createModelSession(model: Uint8Array, options?: ModelSessionOptions): Promise<ModelSession> {
  return createModelSessionWith(backend, model, options);
}

/**
 * Copies a tensor returned by a run to the host, wherever it lives. Use it instead of
 * `tensor.getData()`, which aborts the process for WebGPU tensors in onnxruntime-node 1.30.
 */
export function downloadTensor(tensor: RuntimeTensor): Promise<Float32Array> {
  return downloadWith(backend, tensor);
}

/** Every provider and whether it runs on this machine (with the reason when it does not). */
export function listProviders(): Promise<ProviderInfo[]> {
  return listProvidersWith(backend);
}

/**
 * Resolves a provider request to a provider that runs here, with the same rules as sessions:
 * an explicit provider that cannot run rejects with `UnavailableProviderError`; `auto` falls back
 * (and notices it once).
 */
export function resolveProvider(request: ProviderRequest = 'auto', options: Pick<RuntimeOptions, 'onNotice'> = {}): Promise<ProviderName> {
  return resolveProviderWith(backend, request, options.onNotice ?? console.warn);
}

/** The platform this build of `@losskit/runtime` targets. */
export const platform: 'node' | 'browser' = 'node';

export * from './exports';
