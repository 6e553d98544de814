import { InvalidInputError, InvalidOptionError, type OptionSpec, option, resolveOptions } from '@losskit/core';

/** A learning-rate schedule: the rate of step `step` (1-based), to assign to `trainer.learningRate`. */
export type LearningRateSchedule = (step: number) => number;

/** Options of {@link warmupCosine}. */
export interface WarmupCosineOptions {
  /** The peak learning rate, reached at the end of the warm-up. Required. */
  readonly lr: number;
  /** Steps in all, warm-up included: the decay reaches `final` times `lr` at the last one. Required. */
  readonly steps: number;
  /** Steps of linear warm-up: step `s` of them runs at `s / warmup` times `lr`. Default 0. */
  readonly warmup?: number;
  /** The rate of the last step as a fraction of `lr`. Default 0. */
  readonly final?: number;
}

/** The schema of {@link warmupCosine}'s options (the README's table is checked against it). */
export const WARMUP_COSINE_OPTIONS: {
  readonly lr: OptionSpec<number>;
  readonly steps: OptionSpec<number>;
  readonly warmup: OptionSpec<number>;
  readonly final: OptionSpec<number>;
} = {
  lr: option.required(option.number({ description: 'The peak learning rate.', default: 1, min: 0, exclusiveMin: true })),
  steps: option.required(option.positiveInteger({ description: 'Steps in all, warm-up included.', default: 1 })),
  warmup: option.number({ description: 'Steps of linear warm-up.', default: 0, min: 0, integer: true }),
  final: option.number({ description: 'The rate of the last step as a fraction of lr.', default: 0, min: 0, max: 1 }),
};

/**
 * A linear warm-up over `warmup` steps to `lr`, then a half cosine from `lr` down to
 * `final * lr` at step `steps` (and after it):
 * `lr · min(1, s / warmup) · (final + (1 − final) · (1 + cos(π · p)) / 2)` with
 * `p = clamp((s − warmup) / (steps − warmup), 0, 1)`. The warm-up keeps Adam's first, poorly
 * estimated steps small; the decay lets the last steps settle. Feed it to a trainer before each
 * step: `trainer.learningRate = schedule(trainer.steps + 1)`.
 */
export function warmupCosine(options: WarmupCosineOptions): LearningRateSchedule {
  const { lr, steps, warmup, final } = resolveOptions('warmupCosine', WARMUP_COSINE_OPTIONS, options);
  if (warmup > steps) throw new InvalidOptionError('warmupCosine.warmup', `at most steps (${steps})`, warmup);
  return (step) => {
    if (!(Number.isFinite(step) && step >= 1)) throw new InvalidInputError('step', 'a step number >= 1 (steps count from 1)', step);
    const warm = warmup === 0 ? 1 : Math.min(1, step / warmup);
    const progress = Math.min(1, Math.max(0, (step - warmup) / Math.max(1, steps - warmup)));
    return lr * warm * (final + (1 - final) * 0.5 * (1 + Math.cos(Math.PI * progress)));
  };
}
