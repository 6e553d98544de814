import { type OptionSpec, option } from '@losskit/core';

/** The options of `ctc`: what each accepts and what the plugin keeps. */
export type CtcSchema = {
  /** Default `0`, PyTorch's. */
  readonly blank: OptionSpec<number>;
  /** Default `false`, PyTorch's. */
  readonly zeroInfinity: OptionSpec<boolean>;
};

export const ctcSchema: CtcSchema = {
  blank: option.number({
    description: 'The class index of the blank label, in [0, C): emitted between labels, never part of a target.',
    default: 0,
    min: 0,
    integer: true,
  }),
  zeroInfinity: option.boolean({
    description: 'Impossible alignments (an input too short for its target) cost 0 and get a zero gradient instead of +Infinity.',
    default: false,
  }),
};
