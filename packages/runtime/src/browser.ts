/**
 * @losskit/runtime for browsers, on onnxruntime-web: providers `webgpu` and `wasm`.
 * @module
 */
import type { LossPlugin } from '@losskit/core';
import * as ort from 'onnxruntime-web/webgpu';
import type { Backend } from './backend';
import { createLossSessionWith } from './loss-session';
import { type ModelSession, type ModelSessionOptions, type RuntimeTensor, createModelSessionWith, downloadWith } from './model-session';
import { listProvidersWith, resolveProvider as resolveProviderWith, tryProvider } from './providers';
import type { LossSession, LossSessionOptions, ProviderInfo, ProviderName, ProviderRequest, RuntimeOptions } from './types';

async function webgpuAdapterMissing(): Promise<string | undefined> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 'this browser exposes no navigator.gpu (WebGPU is off or unsupported)';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'navigator.gpu.requestAdapter() found no adapter';
  } catch (error) {
    return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const backend: Backend = {
  platform: 'browser',
  ort,
  autoOrder: ['webgpu', 'wasm'],
  downloadGpuTensor: async (tensor) => (await tensor.getData()) as Float32Array,
  async probe(provider: ProviderName): Promise<ProviderInfo> {
    if (provider === 'cpu' || provider === 'cuda') {
      return { name: provider, available: false, reason: `${provider} runs in Node (onnxruntime-node); in the browser use "wasm" or "webgpu"` };
    }
    if (provider === 'webgpu') {
      const missing = await webgpuAdapterMissing();
      if (missing) return { name: provider, available: false, reason: missing };
    }
    const failure = await tryProvider(backend, provider);
    return failure ? { name: provider, available: false, reason: failure } : { name: provider, available: true };
  },
};

/**
 * Points onnxruntime-web at its `.wasm`/`.mjs` files when a bundler does not serve them next to
 * the script (e.g. `configureWasm({ wasmPaths: '/ort/' })`), and sets the WASM thread count.
 */
export function configureWasm(options: { wasmPaths?: string; numThreads?: number }): void {
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  if (options.numThreads !== undefined) ort.env.wasm.numThreads = options.numThreads;
}

/** Creates a loss session (see the Node entry for details). */
export function createLossSession(plugin: LossPlugin<unknown>, options?: LossSessionOptions): Promise<LossSession> {
  return createLossSessionWith(backend, plugin, options);
}

/** Runs any ONNX model on a provider, with the same provider rules as loss sessions. */
export function createModelSession(model: Uint8Array, options?: ModelSessionOptions): Promise<ModelSession> {
  return createModelSessionWith(backend, model, options);
}

/** Copies a tensor returned by a run to the host, wherever it lives. */
export function downloadTensor(tensor: RuntimeTensor): Promise<Float32Array> {
  return downloadWith(backend, tensor);
}

/** Every provider and whether it runs in this browser. */
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
export const platform: 'node' | 'browser' = 'browser';

export * from './exports';
