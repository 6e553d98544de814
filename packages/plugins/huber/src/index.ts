import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { huberElementwise, huberGradient } from './graph';
import { type HuberSchema, huberSchema } from './options';
import { huberReference } from './reference';

export type { HuberSchema } from './options';

/**
 * Huber loss per element, as PyTorch's `F.huber_loss`: with `x = prediction - target`,
 * `x² / 2` where `|x| < delta` and `delta (|x| - delta / 2)` beyond, so small errors count
 * squared (like MSE) and large ones linearly (like L1), which keeps outliers from dominating.
 * The gradient is closed-form: `clip(x, -delta, delta)`.
 */
export const huber: LossPluginFactory<HuberSchema> = defineLossPlugin({
  name: 'huber',
  description: 'Huber loss: squared error below delta, linear beyond (PyTorch F.huber_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/huber#readme',
  options: huberSchema,
  create: ({ delta }) => ({
    elementwise: (g, prediction, target) => huberElementwise(g, prediction, target, delta),
    gradient: (g, prediction, target, dLoss) => huberGradient(g, prediction, target, dLoss, delta),
    reference: (prediction, target) => huberReference(prediction, target, delta),
  }),
});
