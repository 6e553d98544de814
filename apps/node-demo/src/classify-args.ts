import { InvalidOptionError, describeValue } from '@losskit/core';
import type { ProviderRequest } from '@losskit/runtime';
import { learningRateArgument, parseFlags, positiveInteger, providerArgument, seedArgument } from './args';

/** The models `pnpm demo:classify` can train. */
export const DIGIT_MODEL_NAMES = ['mlp', 'cnn'] as const;
export type DigitModelName = (typeof DIGIT_MODEL_NAMES)[number];

/** Settings of one `pnpm demo:classify` run, after defaults. */
export interface ClassifySettings {
  readonly models: readonly DigitModelName[];
  readonly epochs: number;
  readonly batch: number;
  /** AdamW's learning rate in the first epoch; it follows a cosine down to 0 at the end. */
  readonly lr: number;
  readonly provider: ProviderRequest;
  readonly out: string;
  readonly seed: number;
}

export const CLASSIFY_DEFAULTS: ClassifySettings = {
  models: DIGIT_MODEL_NAMES,
  epochs: 10,
  batch: 32,
  lr: 0.01,
  provider: 'auto',
  out: 'out',
  seed: 1,
};

export const CLASSIFY_USAGE: string = `Usage: pnpm demo:classify [options]

Classifies the 1,797 8x8 handwritten digits bundled with @losskit/models (the UCI "Optical
Recognition of Handwritten Digits" test set, CC BY 4.0): trains a 10-class MLP and a small CNN
with crossEntropy() and AdamW on three quarters of them and measures them on the quarter held out
(stratified by digit), printing loss and accuracy per epoch. Writes the curves, one confusion
matrix per model and classify.json to --out.

  --models <a,b>      which models, of mlp (64-128-10) and cnn (two conv-pool stages);
                      default ${CLASSIFY_DEFAULTS.models.join(',')}
  --epochs <n>        passes over the training digits (default ${CLASSIFY_DEFAULTS.epochs})
  --batch <n>         batch size (default ${CLASSIFY_DEFAULTS.batch})
  --lr <x>            AdamW's learning rate in the first epoch (default ${CLASSIFY_DEFAULTS.lr}), then a
                      cosine decay over the epochs
  --provider <name>   auto | cpu | cuda | webgpu (default auto)
  --out <dir>         where the figures and classify.json go (default ${CLASSIFY_DEFAULTS.out})
  --seed <n>          seed of the split, initial weights and shuffling (default ${CLASSIFY_DEFAULTS.seed})
  --help              this text`;

/** Parses `pnpm demo:classify`'s flags; `undefined` means `--help` was asked for. */
export function parseClassifyArguments(argv: readonly string[]): ClassifySettings | undefined {
  const v = parseFlags(argv, {
    models: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    provider: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (v.help) return undefined;
  const models = v.models === undefined ? CLASSIFY_DEFAULTS.models : v.models.split(',').map((s) => s.trim()).filter(Boolean);
  if (models.length === 0 || models.some((m) => !DIGIT_MODEL_NAMES.includes(m as DigitModelName)) || new Set(models).size !== models.length) {
    throw new InvalidOptionError('--models', `a comma-separated list of ${DIGIT_MODEL_NAMES.join(', ')}, each once`, describeValue(v.models));
  }
  return {
    models: models as DigitModelName[],
    epochs: positiveInteger('epochs', v.epochs, CLASSIFY_DEFAULTS.epochs),
    batch: positiveInteger('batch', v.batch, CLASSIFY_DEFAULTS.batch),
    lr: learningRateArgument(v.lr, CLASSIFY_DEFAULTS.lr),
    provider: providerArgument(v.provider),
    out: v.out ?? CLASSIFY_DEFAULTS.out,
    seed: seedArgument(v.seed, CLASSIFY_DEFAULTS.seed),
  };
}
