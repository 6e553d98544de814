import { type OptionSpec, type ResolvedOptions, option } from '@losskit/core';

/** The options of `cosineEmbedding`: what each accepts and what the plugin keeps. */
export type CosineEmbeddingSchema = {
  /** Default `0`, PyTorch's; in [-1, 1]. */
  readonly margin: OptionSpec<number>;
};

export const cosineEmbeddingSchema: CosineEmbeddingSchema = {
  margin: option.number({
    description: 'Dissimilar pairs (target -1) cost max(0, cos - margin): their cosine similarity must fall to the margin.',
    default: 0,
    min: -1,
    max: 1,
  }),
};

/** The resolved options, as the graph and the reference read them. */
export type CosineEmbeddingSettings = ResolvedOptions<CosineEmbeddingSchema>;
