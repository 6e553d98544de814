import { type OptionSpec, classWeightsOption, option } from '@losskit/core';

/** The options of `multiMargin`: what each accepts and what the plugin keeps. */
export type MultiMarginSchema = {
  /** Default `1`: the hinge itself; `2` squares it. */
  readonly p: OptionSpec<number>;
  /** Default `1`, PyTorch's. */
  readonly margin: OptionSpec<number>;
  /** Default none (every class weighs 1). */
  readonly classWeights: OptionSpec<readonly number[] | undefined, readonly number[] | undefined>;
};

export const multiMarginSchema: MultiMarginSchema = {
  p: option.number({ description: 'The power of each hinge term: 1, or 2 for the squared hinge.', default: 1, min: 1, max: 2, integer: true }),
  margin: option.number({ description: 'How far the score of the right class must exceed every other score.', default: 1 }),
  classWeights: classWeightsOption('A weight per class (length C) that scales the loss of the samples labelled with it (PyTorch `weight`).'),
};
