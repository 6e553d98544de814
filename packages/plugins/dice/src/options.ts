import { type OptionSpec, axesOption } from '@losskit/core';

/** The options of `dice`. */
export type DiceSchema = {
  /** Default `undefined`: every axis, one loss for the whole batch (Keras's `axis=None`). */
  readonly axis: OptionSpec<readonly number[] | undefined, readonly number[] | undefined>;
};

export const diceSchema: DiceSchema = {
  axis: axesOption('The axes the sums run over (negative counts from the end), e.g. [1, 2, 3] for one loss per sample of [N, H, W, C] masks; every axis when left out, one loss for the whole batch as Keras.'),
};
