import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `tripletMargin`: what each accepts and what the plugin keeps. */
export type TripletMarginSchema = {
  /** Default `1`, PyTorch's; > 0. */
  readonly margin: OptionSpec<number>;
  /** Default `2`, PyTorch's; >= 1. */
  readonly p: OptionSpec<number>;
  /** Default `1e-6`, PyTorch's; >= 0. */
  readonly eps: OptionSpec<number>;
  /** Default `false`. */
  readonly swap: OptionSpec<boolean>;
};

export const tripletMarginSchema: TripletMarginSchema = {
  margin: option.number({
    description: 'How much farther the negative must be from the anchor than the positive before the triplet costs nothing.',
    default: 1,
    min: 0,
    exclusiveMin: true,
  }),
  p: option.number({
    description: 'The degree of the p-norm distance along the last axis: 2 is Euclidean, 1 Manhattan.',
    default: 2,
    min: 1,
  }),
  eps: option.number({
    description: "Added to every difference before the norm, as PyTorch's pairwise_distance does: abs(x - y + eps).",
    default: 1e-6,
    min: 0,
  }),
  swap: option.boolean({
    description: 'Also measures the negative against the positive and uses the smaller distance (the distance swap of Balntas et al., 2016).',
    default: false,
  }),
};

/** The resolved options, as the graph and the reference read them. */
export type TripletMarginSettings = ResolvedOptions<TripletMarginSchema>;
