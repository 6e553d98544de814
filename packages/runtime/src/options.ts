import { type OptionSpec, type Reduction, option, reductionOption } from '@losskit/core';
import { providerOption } from './providers';
import type { ProviderRequest } from './types';

type Notice = (message: string) => void;

/** The schema of {@link RuntimeOptions}: what every session (and the trainer) accepts. */
export type RuntimeOptionsSchema = {
  readonly provider: OptionSpec<ProviderRequest>;
  readonly onNotice: OptionSpec<Notice>;
};

/** Options every session takes; trainers and `computeLoss` reuse them. */
export const RUNTIME_OPTIONS: RuntimeOptionsSchema = {
  provider: providerOption,
  onNotice: option.function({
    description: 'Receives one-line notices (e.g. an `auto` provider fallback).',
    // Looked up at call time, so a test's spy on console.warn sees it.
    default: (message: string) => console.warn(message),
  }),
};

/** The schema of `createLossSession`'s options. */
export type LossSessionOptionsSchema = RuntimeOptionsSchema & {
  readonly reduction: OptionSpec<Reduction>;
  readonly gradient: OptionSpec<boolean>;
};

export const LOSS_SESSION_OPTIONS: LossSessionOptionsSchema = {
  reduction: reductionOption,
  gradient: option.boolean({ description: 'Also compute d loss / d prediction.', default: false }),
  ...RUNTIME_OPTIONS,
};

/** The schema of `createModelSession`'s options. */
export type ModelSessionOptionsSchema = RuntimeOptionsSchema & {
  readonly keepOnDevice: OptionSpec<readonly string[]>;
};

export const MODEL_SESSION_OPTIONS: ModelSessionOptionsSchema = {
  ...RUNTIME_OPTIONS,
  keepOnDevice: option.array({
    description: 'Outputs to keep on the device (WebGPU `gpu-buffer`) instead of copying them to the host.',
    default: () => [],
    item: option.string({ description: 'An output name.', default: '' }),
  }),
};
