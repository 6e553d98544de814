import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { msleElementwise } from './graph';
import { msleReference } from './reference';

/** `msle()` takes no options. */
export type MsleSchema = Record<string, never>;

/**
 * Mean squared logarithmic error as Keras's `keras.losses.mean_squared_logarithmic_error`:
 * `mean((log(max(p, ε) + 1) - log(max(t, ε) + 1))^2)` over the last axis with Keras's
 * `ε = 1e-7`, one value per sample (the prediction's dims without the last axis). It compares
 * ratios rather than differences, for positive quantities spanning orders of magnitude.
 * `reduction: 'mean'` is Keras's default `'sum_over_batch_size'`.
 */
export const msle: LossPluginFactory<MsleSchema> = defineLossPlugin({
  name: 'msle',
  description: 'Mean squared logarithmic error mean((log(max(p, 1e-7) + 1) - log(max(t, 1e-7) + 1))^2) over the last axis (Keras keras.losses.mean_squared_logarithmic_error).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/msle#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => msleElementwise(g, prediction, target),
    reference: (prediction, target) => msleReference(prediction, target),
  }),
});
