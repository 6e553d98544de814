import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `marginRanking`: what each accepts and what the plugin keeps. */
export type MarginRankingSchema = {
  /** Default `0`, PyTorch's. */
  readonly margin: OptionSpec<number>;
};

export const marginRankingSchema: MarginRankingSchema = {
  margin: option.number({
    description: 'How far the score that should rank higher must exceed the other before the pair costs nothing.',
    default: 0,
  }),
};

/** The resolved options, as the graph and the reference read them. */
export type MarginRankingSettings = ResolvedOptions<MarginRankingSchema>;
