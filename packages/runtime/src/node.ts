/**
 * @losskit/runtime for Node.js, on onnxruntime-node: providers `cpu`, `cuda` and `webgpu`.
 * @module
 */
import * as ort from 'onnxruntime-node';
import type { Backend } from './backend';
import { missingCudaLibraries } from './cuda';
import { identityDownloader } from './download';
import { type RuntimeApi, runtimeApi } from './api';
import { tryProvider } from './providers';
import type { ProviderInfo, ProviderName } from './types';

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

const api = runtimeApi(backend);

/** Creates a loss session for a plugin on a provider (see {@link RuntimeApi.createLossSession}). */
export const createLossSession: RuntimeApi['createLossSession'] = api.createLossSession;
/** Runs any ONNX model on a provider (see {@link RuntimeApi.createModelSession}). */
export const createModelSession: RuntimeApi['createModelSession'] = api.createModelSession;
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

/** The platform this build of `@losskit/runtime` targets. */
export const platform: 'node' | 'browser' = 'node';

export * from './exports';
