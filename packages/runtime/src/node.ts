/**
 * @losskit/runtime for Node.js, on onnxruntime-node: providers `cpu`, `cuda` and `webgpu`.
 * @module
 */
import * as ort from 'onnxruntime-node';
import type { Backend } from './backend';
import { missingCudaLibraries } from './cuda';
import { identityDownloader } from './download';
import { type RuntimeApi, runtimeApi } from './api';
import { type Platform, autoOrder } from './capabilities';
import { tryProvider, unavailable } from './providers';
import type { ProviderInfo, ProviderName } from './types';

const SWIFTSHADER_HINT =
  'no WebGPU adapter was found. Without a GPU, SwiftShader can provide one: install libvulkan1 and ' +
  "Debian's chromium package, then set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json";

const backend: Backend = {
  platform: 'node',
  ort,
  autoOrder: autoOrder('node'),
  async probe(provider: ProviderName): Promise<ProviderInfo> {
    if (provider === 'cuda') {
      const missing = missingCudaLibraries();
      if (missing) return unavailable(provider, 'missing-cuda-libraries', missing);
    }
    return tryProvider(backend, provider);
  },
  downloadGpuTensor: identityDownloader(ort),
  explain(provider, error) {
    const message = error instanceof Error ? error.message : String(error);
    if (provider === 'webgpu' && /adapter/i.test(message)) return { reason: SWIFTSHADER_HINT, problem: 'no-webgpu-adapter' };
    if (provider === 'cuda' && /load|libcu|\.so/i.test(message)) {
      return {
        reason: `the CUDA provider did not load (${message.split('\n')[0]}). It needs an NVIDIA driver and the CUDA runtime, cuBLAS and cuDNN its build was made for`,
        problem: 'failed-to-start',
      };
    }
    return undefined;
  },
};

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
export const platform: Platform = 'node';

export * from './exports';
