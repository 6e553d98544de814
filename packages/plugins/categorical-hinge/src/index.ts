import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { categoricalHingeElementwise, categoricalHingeGradient } from './graph';
import { categoricalHingeReference } from './reference';

/** `categoricalHinge()` takes no options. */
export type CategoricalHingeSchema = Record<string, never>;

/**
 * Categorical hinge loss as Keras's `keras.losses.categorical_hinge`, for scores `p` and one-hot
 * targets `t` with classes on the last axis: `max(neg - pos + 1, 0)` per sample, where
 * `pos = Σ t p` is the true class's score and `neg = max((1 - t) p)` the best other one. The
 * elementwise loss has the prediction's dims without the last axis; `reduction: 'mean'` is
 * Keras's default `'sum_over_batch_size'`. Closed-form gradient (autodiff has no ReduceMax rule).
 */
export const categoricalHinge: LossPluginFactory<CategoricalHingeSchema> = defineLossPlugin({
  name: 'categorical-hinge',
  description: 'Categorical hinge loss max(max((1 - t) p) - Σ t p + 1, 0) over one-hot targets on the last axis (Keras keras.losses.categorical_hinge).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/categorical-hinge#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => categoricalHingeElementwise(g, prediction, target),
    gradient: (g, prediction, target, dLoss) => categoricalHingeGradient(g, prediction, target, dLoss),
    reference: (prediction, target) => categoricalHingeReference(prediction, target),
  }),
});
