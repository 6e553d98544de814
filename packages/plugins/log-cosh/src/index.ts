import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { logCoshElementwise, logCoshGradient } from './graph';
import { logCoshReference } from './reference';

/** `logCosh()` takes no options. */
export type LogCoshSchema = Record<string, never>;

/**
 * Log-cosh loss as Keras's `keras.losses.log_cosh`: `mean(log(cosh(p - t)))` over the last axis,
 * one value per sample (the prediction's dims without the last axis). About `x^2 / 2` for small
 * errors and `|x| - log 2` for large ones: like MSE near the target, like L1 for outliers.
 * `reduction: 'mean'` is Keras's default `'sum_over_batch_size'`. Closed-form gradient `tanh(x) / D`.
 */
export const logCosh: LossPluginFactory<LogCoshSchema> = defineLossPlugin({
  name: 'log-cosh',
  description: 'Log-cosh loss mean(log(cosh(prediction - target))) over the last axis (Keras keras.losses.log_cosh).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/log-cosh#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => logCoshElementwise(g, prediction, target),
    gradient: (g, prediction, target, dLoss) => logCoshGradient(g, prediction, target, dLoss),
    reference: (prediction, target) => logCoshReference(prediction, target),
  }),
});
