import { InvalidInputError, type LossInputSpecs } from '@losskit/core';

/** The prediction's dims, after checking there is a last axis for the distance to run along. */
function embeddingDims(dims: readonly number[]): readonly number[] {
  if (dims.length === 0) throw new InvalidInputError('prediction.dims', '[..., D]: embeddings along the last axis, e.g. [N, D]', '[] (a scalar)');
  return dims;
}

/** No target: a positive and a negative, each with the anchor's dims and a gradient. */
export const tripletInputs: LossInputSpecs = {
  positive: { type: 'float', differentiable: true, dims: embeddingDims, description: "embeddings that should be near the anchor, with the prediction's dims" },
  negative: { type: 'float', differentiable: true, dims: embeddingDims, description: "embeddings that should be far from the anchor, with the prediction's dims" },
};
