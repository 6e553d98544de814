/**
 * @losskit/runtime/portable: the parts of the runtime that load no ONNX Runtime binding — what
 * each provider can do (the capabilities record) and the loss model losskit runs on each. Import
 * them where onnxruntime-node or onnxruntime-web may be absent: the test kit builds the models of
 * its Chromium targets in Node with `lossModelFor`, and lists its targets with `providersOn`.
 * Both platform entries export the same names.
 * @module
 */
export type { ModelWorkaround, Platform, ProviderCapabilities } from './capabilities';
export { PROVIDERS, PROVIDER_CAPABILITIES, autoOrder, providerCapabilities, providersOn } from './capabilities';
export type { LossModelOptions } from './loss-model';
export { checksInputsInGraph, lossModelFor } from './loss-model';
export type { ProviderName, ProviderProblem, ProviderRequest } from './types';
