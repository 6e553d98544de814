import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { cosineSimilarityElementwise } from './graph';
import { type CosineSimilaritySchema, cosineSimilaritySchema } from './options';
import { cosineSimilarityReference } from './reference';

export type { CosineSimilaritySchema } from './options';

/**
 * Cosine similarity loss as Keras's `keras.losses.cosine_similarity`: `-Σ normalize(t)
 * normalize(p)` along `axis` (default -1), the cosine of the angle between prediction and
 * target, negated so that minimizing it aligns them: -1 for the same direction, 0 for
 * orthogonal vectors or a zero vector, 1 for opposite ones. The elementwise loss has the
 * prediction's dims without `axis`; `reduction: 'mean'` is Keras's default `'sum_over_batch_size'`.
 */
export const cosineSimilarity: LossPluginFactory<CosineSimilaritySchema> = defineLossPlugin({
  name: 'cosine-similarity',
  description: 'Negative cosine similarity -Σ normalize(t) normalize(p) along an axis (Keras keras.losses.cosine_similarity).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/cosine-similarity#readme',
  options: cosineSimilaritySchema,
  create: ({ axis }) => ({
    elementwise: (g, prediction, target) => cosineSimilarityElementwise(g, prediction, target, axis),
    reference: (prediction, target) => cosineSimilarityReference(prediction, target, axis),
  }),
});
