import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { cosineEmbeddingElementwise } from './graph';
import { cosineEmbeddingInputs, pairTargetCheck, validatePairTarget } from './inputs';
import { type CosineEmbeddingSchema, cosineEmbeddingSchema } from './options';
import { cosineEmbeddingReference } from './reference';

export type { CosineEmbeddingSchema, CosineEmbeddingSettings } from './options';

/**
 * Cosine embedding loss per pair, as PyTorch's `F.cosine_embedding_loss`: for embeddings `x1`
 * (`prediction`, `[N, D]`) and `x2` (`other`, differentiable) and a target of 1 (similar) or -1
 * (dissimilar) per pair, `1 - cos(x1, x2)` for similar pairs and `max(0, cos(x1, x2) - margin)`
 * for dissimilar ones. The elementwise loss is `[N]`; PyTorch's 1e-12 guards each squared norm.
 */
export const cosineEmbedding: LossPluginFactory<CosineEmbeddingSchema> = defineLossPlugin({
  name: 'cosine-embedding',
  description: 'Cosine embedding loss: 1 - cos for similar pairs of embeddings, max(0, cos - margin) for dissimilar ones (PyTorch F.cosine_embedding_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/cosine-embedding#readme',
  options: cosineEmbeddingSchema,
  create: ({ margin }) => ({
    inputs: cosineEmbeddingInputs,
    elementwise: (g, prediction, target, { other }) => cosineEmbeddingElementwise(g, prediction, other!, target, margin),
    reference: (prediction, target, { other }) => cosineEmbeddingReference(prediction, other!, target, margin),
    validate: validatePairTarget,
    inputCheck: (g, _prediction, target) => pairTargetCheck(g, target),
  }),
});
