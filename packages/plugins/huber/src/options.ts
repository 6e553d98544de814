import { type OptionSpec, option } from '@losskit/core';

/** The options of `huber`: what each accepts and what the plugin keeps. */
export type HuberSchema = {
  /** Default `1`, PyTorch's; > 0. */
  readonly delta: OptionSpec<number>;
};

export const huberSchema: HuberSchema = {
  delta: option.number({
    description: 'Where the loss turns from quadratic to linear: the largest absolute error that still counts squared.',
    default: 1,
    min: 0,
    exclusiveMin: true,
  }),
};
