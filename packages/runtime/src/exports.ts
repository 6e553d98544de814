// What both platform entries export besides their platform-specific functions.
export type {
  LossResult,
  LossSession,
  LossSessionOptions,
  ProviderInfo,
  ProviderName,
  ProviderRequest,
  RuntimeOptions,
} from './types';
export type { HostTensor, ModelSession, ModelSessionOptions, RuntimeTensor } from './model-session';
export { PROVIDERS } from './providers';
export type { SessionTuning } from './tuning';
export { checkSessionTuning } from './tuning';
export type { RuntimeApi } from './api';
