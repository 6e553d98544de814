import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { mapeElementwise } from './graph';
import { mapeReference } from './reference';

/** `mape()` takes no options. */
export type MapeSchema = Record<string, never>;

/**
 * Mean absolute percentage error as Keras's `keras.losses.mean_absolute_percentage_error`:
 * `100 mean(|t - p| / max(|t|, ε))` over the last axis with Keras's `ε = 1e-7`, one value per
 * sample (the prediction's dims without the last axis): the error in percent of the target.
 * `reduction: 'mean'` is Keras's default `'sum_over_batch_size'`.
 */
export const mape: LossPluginFactory<MapeSchema> = defineLossPlugin({
  name: 'mape',
  description: 'Mean absolute percentage error 100 mean(|t - p| / max(|t|, 1e-7)) over the last axis (Keras keras.losses.mean_absolute_percentage_error).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/mape#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => mapeElementwise(g, prediction, target),
    reference: (prediction, target) => mapeReference(prediction, target),
  }),
});
