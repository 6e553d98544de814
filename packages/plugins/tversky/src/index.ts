import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { tverskyElementwise } from './graph';
import { type TverskySchema, tverskySchema } from './options';
import { tverskyReference } from './reference';

export type { TverskySchema } from './options';

/**
 * Tversky loss as Keras's `keras.losses.tversky`: `1 - TP / (TP + α FP + β FN + ε)` with
 * `TP = Σ t p`, `FP = Σ (1 - t) p`, `FN = Σ t (1 - p)` and `ε = 1e-7`. `alpha` weighs false
 * positives, `beta` false negatives; 0.5 and 0.5 (the defaults) give the Dice loss. The sums run
 * over `axis`: by default every axis, one loss for the whole batch (Keras's `axis=None`).
 * `reduction: 'mean'` is Keras's default `'sum_over_batch_size'`.
 */
export const tversky: LossPluginFactory<TverskySchema> = defineLossPlugin({
  name: 'tversky',
  description: 'Tversky loss 1 - TP / (TP + alpha FP + beta FN + 1e-7) over every axis or the given ones (Keras keras.losses.tversky).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/tversky#readme',
  options: tverskySchema,
  create: (settings) => ({
    elementwise: (g, prediction, target) => tverskyElementwise(g, prediction, target, settings),
    reference: (prediction, target) => tverskyReference(prediction, target, settings),
  }),
});
