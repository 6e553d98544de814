import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { tripletMarginElementwise, tripletMarginGradient } from './graph';
import { tripletInputs } from './inputs';
import { type TripletMarginSchema, tripletMarginSchema } from './options';
import { tripletMarginReference } from './reference';

export type { TripletMarginSchema, TripletMarginSettings } from './options';

/**
 * Triplet margin loss per triplet, as PyTorch's `F.triplet_margin_loss`: for an anchor (the
 * `prediction`, `[N, D]`), a `positive` and a `negative` (both differentiable, no target),
 * `max(0, margin + d(anchor, positive) - d(anchor, negative))` with `d` the p-norm of
 * `x - y + eps` along the last axis; with `swap`, the negative's distance is the smaller of
 * `d(anchor, negative)` and `d(positive, negative)`. The elementwise loss is `[N]`. Gradients
 * are closed-form, PyTorch's, 0 where a distance is 0.
 */
export const tripletMargin: LossPluginFactory<TripletMarginSchema> = defineLossPlugin({
  name: 'triplet-margin',
  description: 'Triplet margin loss: max(0, margin + d(anchor, positive) - d(anchor, negative)) with p-norm distances (PyTorch F.triplet_margin_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/triplet-margin#readme',
  options: tripletMarginSchema,
  create: (settings) => ({
    inputs: tripletInputs,
    elementwise: (g, _prediction, _target, inputs) => tripletMarginElementwise(g, inputs, settings),
    gradient: (g, _prediction, _target, dLoss, inputs) => tripletMarginGradient(g, dLoss, inputs, settings),
    reference: (prediction, _target, inputs) => tripletMarginReference(prediction, inputs, settings),
  }),
});
