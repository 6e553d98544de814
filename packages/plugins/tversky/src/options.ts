import { type OptionSpec, axesOption, option } from '@losskit/core';

/** The options of `tversky`. */
export type TverskySchema = {
  /** Default `0.5`, Keras's. */
  readonly alpha: OptionSpec<number>;
  /** Default `0.5`, Keras's. */
  readonly beta: OptionSpec<number>;
  /** Default `undefined`: every axis, one loss for the whole batch (Keras's `axis=None`). */
  readonly axis: OptionSpec<readonly number[] | undefined, readonly number[] | undefined>;
};

export const tverskySchema: TverskySchema = {
  alpha: option.number({ description: 'Weight of the false positives Σ (1 - t) p in the denominator.', default: 0.5, min: 0 }),
  beta: option.number({ description: 'Weight of the false negatives Σ t (1 - p) in the denominator.', default: 0.5, min: 0 }),
  axis: axesOption('The axes the sums run over (negative counts from the end), e.g. [1, 2, 3] for one loss per sample of [N, H, W, C] masks; every axis when left out, one loss for the whole batch as Keras.'),
};
