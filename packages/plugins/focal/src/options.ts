import { InvalidOptionError, type OptionSpec, describeValue, option } from '@losskit/core';

/** The options of `focal`: what each accepts and what the plugin keeps. */
export type FocalSchema = {
  /** Default `0.25`, torchvision's; `-1` turns the weighting off. */
  readonly alpha: OptionSpec<number>;
  /** Default `2`, >= 0. */
  readonly gamma: OptionSpec<number>;
};

const ALPHA_TYPE = 'a number in [0, 1], or -1 (no weighting)';

export const focalSchema: FocalSchema = {
  alpha: option.custom<number>({
    type: ALPHA_TYPE,
    description: 'Weight of the positive term, 1 - alpha of the negative one (alpha_t); -1 for no weighting, as torchvision.',
    default: 0.25,
    parse: (value, path) => {
      if (typeof value === 'number' && (value === -1 || (value >= 0 && value <= 1))) return value;
      throw new InvalidOptionError(path, ALPHA_TYPE, describeValue(value));
    },
  }),
  gamma: option.number({
    description: 'Exponent of the modulating factor (1 - p_t)^gamma, which down-weights easy examples; 0 gives binary cross-entropy.',
    default: 2,
    min: 0,
  }),
};
