// What both platform entries export besides their platform-specific functions.
export * from './portable';
export type { LossResult, LossSession, LossSessionOptions, ProviderInfo, RuntimeOptions } from './types';
export type { HostTensor } from '@losskit/core';
export type { ModelSession, ModelSessionOptions, ResolvedModelSessionOptions, RuntimeTensor } from './model-session';
export { providerOption } from './providers';
export type { LossSessionOptionsSchema, ModelSessionOptionsSchema, RuntimeOptionsSchema } from './options';
export { LOSS_SESSION_OPTIONS, MODEL_SESSION_OPTIONS, RUNTIME_OPTIONS } from './options';
export type { SessionTuning } from './tuning';
export { SESSION_TUNING_OPTIONS, checkSessionTuning } from './tuning';
export type { RuntimeApi } from './api';
export type { DeviceHold } from './device-hold';
export type { ComputeLossInputs, ComputeLossResult, NestedNumbers, TensorLike } from './compute-loss';
export { COMPUTE_LOSS_CACHE_SIZE } from './compute-loss';
export { withAsyncDispose } from './dispose';
