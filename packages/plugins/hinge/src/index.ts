import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { hingeElementwise } from './graph';
import { hingeReference } from './reference';

/** `hinge()` takes no options. */
export type HingeSchema = Record<string, never>;

/**
 * Hinge loss as Keras's `keras.losses.hinge`: `mean(max(1 - y p, 0))` over the last axis, one
 * value per sample (the prediction's dims without the last axis). Labels are -1/1; labels that
 * are all 0 or 1 read as -1/1, as Keras converts them. `reduction: 'mean'` is Keras's default
 * `'sum_over_batch_size'`.
 */
export const hinge: LossPluginFactory<HingeSchema> = defineLossPlugin({
  name: 'hinge',
  description: 'Hinge loss mean(max(1 - y p, 0)) over the last axis, labels -1/1 or 0/1 (Keras keras.losses.hinge).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/hinge#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => hingeElementwise(g, prediction, target),
    reference: (prediction, target) => hingeReference(prediction, target),
  }),
});
