import type { LossPlugin } from '@losskit/core';
import type { Backend } from './backend';
import { type ComputeLossInputs, type ComputeLossResult, createLossComputer } from './compute-loss';
import { type DeviceHold, holdDeviceWith } from './device-hold';
import { createLossSessionWith } from './loss-session';
import {
  type ModelSession,
  type ModelSessionOptions,
  type ResolvedModelSessionOptions,
  type RuntimeTensor,
  createModelSessionWith,
  downloadWith,
  openModelSession,
} from './model-session';
import { listProvidersWith, resolveProvider } from './providers';
import type { LossSession, LossSessionOptions, ProviderInfo, ProviderName, ProviderRequest, RuntimeOptions } from './types';

/** The functions both platform builds export, bound to their ONNX Runtime binding. */
export interface RuntimeApi {
  /**
   * Creates a loss session: `plugin` compiled to ONNX with the chosen reduction (and gradient),
   * run on the chosen provider. Rejects with `UnavailableProviderError` when an explicitly
   * requested provider cannot run here.
   */
  createLossSession(plugin: LossPlugin<unknown>, options?: LossSessionOptions): Promise<LossSession>;
  /** Runs any ONNX model on a provider, with the same provider rules as loss sessions. */
  createModelSession(model: Uint8Array, options?: ModelSessionOptions): Promise<ModelSession>;
  /**
   * `createModelSession` for libraries built on the runtime (`@losskit/train` opens its step
   * sessions with it): options checked already (by `resolveOptions` with `MODEL_SESSION_OPTIONS`
   * or `RUNTIME_OPTIONS`, every default filled in) and a provider resolved already by
   * `resolveProvider`, so nothing is parsed or probed again. It checks neither; pass what
   * `createModelSession` would have resolved.
   */
  openModelSession(model: Uint8Array, options: ResolvedModelSessionOptions): Promise<ModelSession>;
  /**
   * Copies a tensor returned by a run to the host, wherever it lives. Use it instead of
   * `tensor.getData()`, which aborts the process for WebGPU tensors in onnxruntime-node 1.30.
   */
  downloadTensor(tensor: RuntimeTensor): Promise<Float32Array>;
  /** Every provider and whether it runs here (with the reason when it does not). */
  listProviders(): Promise<ProviderInfo[]>;
  /**
   * Resolves a provider request to a provider that runs here, with the same rules as sessions:
   * an explicit provider that cannot run rejects with `UnavailableProviderError`; `auto` falls
   * back (and notices it once).
   */
  resolveProvider(request?: ProviderRequest, options?: Pick<RuntimeOptions, 'onNotice'>): Promise<ProviderName>;
  /**
   * One loss value in one call: `await computeLoss(l1(), { prediction, target })`. Inputs may be
   * `{ data, dims }`, flat or nested arrays, or typed arrays; options are those of
   * `createLossSession`. Sessions are created on first use and kept in a bounded cache (the 16
   * most recently used plugin, options and dims), so repeated calls cost one run each.
   */
  computeLoss(plugin: LossPlugin<unknown>, inputs: ComputeLossInputs, options?: LossSessionOptions): Promise<ComputeLossResult>;
  /** Releases every session `computeLoss` keeps (later calls create them again). */
  releaseAll(): Promise<void>;
  /**
   * Keeps a provider's device open until the hold is released. ONNX Runtime closes the WebGPU
   * device when its last session is released (about 100 ms), and the next session opens it
   * again and compiles every shader anew; hold it while creating and releasing many sessions
   * one after another. On other providers the hold does nothing. Rejects like `resolveProvider`.
   */
  holdDevice(request?: ProviderRequest, options?: Pick<RuntimeOptions, 'onNotice'>): Promise<DeviceHold>;
}

/** Binds the runtime's functions to one platform's backend. */
export function runtimeApi(backend: Backend): RuntimeApi {
  const computer = createLossComputer(backend);
  return {
    computeLoss: computer.computeLoss,
    releaseAll: computer.releaseAll,
    createLossSession: (plugin, options) => createLossSessionWith(backend, plugin, options),
    createModelSession: (model, options) => createModelSessionWith(backend, model, options),
    openModelSession: (model, options) => openModelSession(backend, model, options),
    downloadTensor: (tensor) => downloadWith(backend, tensor),
    listProviders: () => listProvidersWith(backend),
    resolveProvider: (request = 'auto', options = {}) => resolveProvider(backend, request, options.onNotice),
    holdDevice: (request = 'auto', options = {}) => holdDeviceWith(backend, request, options.onNotice),
  };
}
