import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { smoothL1Elementwise, smoothL1Gradient } from './graph';
import { type SmoothL1Schema, smoothL1Schema } from './options';
import { smoothL1Reference } from './reference';

export type { SmoothL1Schema } from './options';

/**
 * Smooth L1 loss per element, as PyTorch's `F.smooth_l1_loss`: with `x = prediction - target`,
 * `x² / (2 beta)` where `|x| < beta` and `|x| - beta / 2` beyond; `beta: 0` is plain L1. The
 * Huber loss with `delta = beta`, divided by `beta`: the slope beyond `beta` is 1 whatever `beta`
 * is. The gradient is closed-form, `clip(x / beta, -1, 1)`; for `beta: 0`, Abs's (0 at `x = 0`).
 */
export const smoothL1: LossPluginFactory<SmoothL1Schema> = defineLossPlugin({
  name: 'smooth-l1',
  description: 'Smooth L1 loss: squared error over 2 beta below beta, absolute error beyond (PyTorch F.smooth_l1_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/smooth-l1#readme',
  options: smoothL1Schema,
  create: ({ beta }) => ({
    elementwise: (g, prediction, target) => smoothL1Elementwise(g, prediction, target, beta),
    ...(beta > 0 ? { gradient: (g, prediction, target, dLoss) => smoothL1Gradient(g, prediction, target, dLoss, beta) } : {}),
    reference: (prediction, target) => smoothL1Reference(prediction, target, beta),
  }),
});
