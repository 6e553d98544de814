/**
 * @losskit/runtime for browsers, on onnxruntime-web: providers `webgpu` and `wasm`.
 * @module
 */
import * as ort from 'onnxruntime-web/webgpu';
import type { Backend } from './backend';
import { type RuntimeApi, runtimeApi } from './api';
import { type Platform, autoOrder } from './capabilities';
import { tryProvider, unavailable } from './providers';
import type { ProviderInfo, ProviderName } from './types';

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
  autoOrder: autoOrder('browser'),
  downloadGpuTensor: async (tensor) => (await tensor.getData()) as Float32Array,
  async probe(provider: ProviderName): Promise<ProviderInfo> {
    if (provider === 'webgpu') {
      const missing = await webgpuAdapterMissing();
      if (missing) return unavailable(provider, 'no-webgpu-adapter', missing);
    }
    return tryProvider(backend, provider);
  },
};

/**
 * Points onnxruntime-web at its `.wasm`/`.mjs` files when a bundler does not serve them next to
 * the script (e.g. `configureWasm({ wasmPaths: '/ort/' })`), sets the WASM thread count (more
 * than 1 needs `crossOriginIsolated`), and turns ONNX Runtime's proxy worker on or off (keep it
 * off when your own worker owns ONNX Runtime: proxy mode cannot clone a WebGPU device).
 * Call it before the first session.
 */
export function configureWasm(options: { wasmPaths?: string; numThreads?: number; proxy?: boolean }): void {
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  if (options.numThreads !== undefined) ort.env.wasm.numThreads = options.numThreads;
  if (options.proxy !== undefined) ort.env.wasm.proxy = options.proxy;
}

const api = runtimeApi(backend);

/** Creates a loss session for a plugin on a provider (see {@link RuntimeApi.createLossSession}). */
export const createLossSession: RuntimeApi['createLossSession'] = api.createLossSession;
/** Runs any ONNX model on a provider (see {@link RuntimeApi.createModelSession}). */
export const createModelSession: RuntimeApi['createModelSession'] = api.createModelSession;
/** `createModelSession` with options and provider resolved already (see {@link RuntimeApi.openModelSession}). */
export const openModelSession: RuntimeApi['openModelSession'] = api.openModelSession;
/** Copies a run's output tensor to the host (see {@link RuntimeApi.downloadTensor}). */
export const downloadTensor: RuntimeApi['downloadTensor'] = api.downloadTensor;
/** Every provider and whether it runs here (see {@link RuntimeApi.listProviders}). */
export const listProviders: RuntimeApi['listProviders'] = api.listProviders;
/** Resolves `auto` or a provider name to one that runs here (see {@link RuntimeApi.resolveProvider}). */
export const resolveProvider: RuntimeApi['resolveProvider'] = api.resolveProvider;

/** One loss value in one call, sessions cached behind it (see {@link RuntimeApi.computeLoss}). */
export const computeLoss: RuntimeApi['computeLoss'] = api.computeLoss;
/** Releases every session `computeLoss` keeps (see {@link RuntimeApi.releaseAll}). */
export const releaseAll: RuntimeApi['releaseAll'] = api.releaseAll;
/** Keeps a provider's device open between sessions (see {@link RuntimeApi.holdDevice}). */
export const holdDevice: RuntimeApi['holdDevice'] = api.holdDevice;

/** The platform this build of `@losskit/runtime` targets. */
export const platform: Platform = 'browser';

export * from './exports';
