import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { squaredHingeElementwise } from './graph';
import { squaredHingeReference } from './reference';

/** `squaredHinge()` takes no options. */
export type SquaredHingeSchema = Record<string, never>;

/**
 * Squared hinge loss as Keras's `keras.losses.squared_hinge`: `mean(max(1 - y p, 0)^2)` over the
 * last axis, one value per sample (the prediction's dims without the last axis). Labels are
 * -1/1; labels that are all 0 or 1 read as -1/1, as Keras converts them. `reduction: 'mean'` is
 * Keras's default `'sum_over_batch_size'`.
 */
export const squaredHinge: LossPluginFactory<SquaredHingeSchema> = defineLossPlugin({
  name: 'squared-hinge',
  description: 'Squared hinge loss mean(max(1 - y p, 0)^2) over the last axis, labels -1/1 or 0/1 (Keras keras.losses.squared_hinge).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/squared-hinge#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => squaredHingeElementwise(g, prediction, target),
    reference: (prediction, target) => squaredHingeReference(prediction, target),
  }),
});
