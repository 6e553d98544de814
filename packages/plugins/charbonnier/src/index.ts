import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { charbonnierElementwise, charbonnierGradient } from './graph';
import { type CharbonnierSchema, charbonnierSchema } from './options';
import { charbonnierReference } from './reference';

export type { CharbonnierSchema } from './options';

/**
 * Charbonnier loss per element, `√((prediction - target)² + ε²)` (Charbonnier et al. 1994; the
 * loss of LapSRN, Lai et al. 2017, with `ε = 1e-3`): a differentiable L1. Errors much larger
 * than `ε` cost about `|d|`, as in L1, so outliers do not dominate as in MSE; near 0 it is a
 * parabola, so the gradient `d / √(d² + ε²)` goes smoothly through 0 instead of jumping between
 * -1 and 1. The gradient is closed-form.
 */
export const charbonnier: LossPluginFactory<CharbonnierSchema> = defineLossPlugin({
  name: 'charbonnier',
  description: 'Charbonnier loss √((prediction - target)² + ε²) per element: a smooth L1 (LapSRN).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/charbonnier#readme',
  options: charbonnierSchema,
  create: ({ epsilon }) => ({
    elementwise: (g, prediction, target) => charbonnierElementwise(g, prediction, target, epsilon),
    gradient: (g, prediction, target, dLoss) => charbonnierGradient(g, prediction, target, dLoss, epsilon),
    reference: (prediction, target) => charbonnierReference(prediction, target, epsilon),
  }),
});
