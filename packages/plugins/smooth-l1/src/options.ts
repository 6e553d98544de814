import { type OptionSpec, option } from '@losskit/core';

/** The options of `smoothL1`: what each accepts and what the plugin keeps. */
export type SmoothL1Schema = {
  /** Default `1`, PyTorch's; >= 0, and 0 is plain L1. */
  readonly beta: OptionSpec<number>;
};

export const smoothL1Schema: SmoothL1Schema = {
  beta: option.number({
    description: 'Where the loss turns from quadratic to L1: errors smaller than beta in absolute value count x² / (2 beta); 0 gives plain L1.',
    default: 1,
    min: 0,
  }),
};
