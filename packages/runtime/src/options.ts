import { type OptionSpec, type Reduction, option, reductionOption } from '@losskit/core';
import { noticeOption, providerOption } from './providers';
import { SESSION_TUNING_OPTIONS, type SessionTuning, checkSessionTuning } from './tuning';
import type { ProviderRequest } from './types';

type Notice = (message: string) => void;

/** The schema of {@link RuntimeOptions}: what every session (and the trainer) accepts. */
export type RuntimeOptionsSchema = {
  readonly provider: OptionSpec<ProviderRequest>;
  readonly onNotice: OptionSpec<Notice | undefined>;
  readonly session: OptionSpec<SessionTuning | undefined, SessionTuning>;
};

/** Options every session takes; trainers and `computeLoss` reuse them. */
export const RUNTIME_OPTIONS: RuntimeOptionsSchema = {
  provider: providerOption,
  onNotice: noticeOption,
  session: option.custom<SessionTuning | undefined, SessionTuning>({
    type: `an object { ${Object.keys(SESSION_TUNING_OPTIONS).join(', ')} }`,
    description: 'How ONNX Runtime runs the graphs: threads, spinning, memory planning, optimisation level.',
    default: () => ({}),
    parse: (value) => checkSessionTuning(value),
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
  readonly checkedInputs: OptionSpec<readonly string[]>;
};

export const MODEL_SESSION_OPTIONS: ModelSessionOptionsSchema = {
  ...RUNTIME_OPTIONS,
  keepOnDevice: option.array({
    description: 'Outputs to keep on the device (WebGPU `gpu-buffer`) instead of copying them to the host.',
    default: () => [],
    item: option.string({ description: 'An output name.', default: '' }),
  }),
  checkedInputs: option.array({
    description: 'Inputs whose host values the caller has checked already; the session checks only their dims.',
    default: () => [],
    item: option.string({ description: 'An input name.', default: '' }),
  }),
};
