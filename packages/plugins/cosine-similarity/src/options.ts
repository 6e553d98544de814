import { type OptionSpec, option } from '@losskit/core';

/** The options of `cosineSimilarity`. */
export type CosineSimilaritySchema = {
  /** Default `-1`, Keras's. */
  readonly axis: OptionSpec<number>;
};

export const cosineSimilaritySchema: CosineSimilaritySchema = {
  axis: option.integer({ description: 'The axis along which prediction and target are compared as vectors (negative counts from the end); the loss has the other axes.', default: -1 }),
};
