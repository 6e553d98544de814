import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { multiMarginElementwise, multiMarginGradient, multiMarginTarget } from './graph';
import { type MultiMarginSchema, multiMarginSchema } from './options';
import { multiMarginReference } from './reference';

export type { MultiMarginSchema } from './options';

/**
 * PyTorch's `F.multi_margin_loss`, the multi-class hinge (SVM) loss: for scores `x` `[N, C]` and
 * class indices `y` `[N]`, `l_n = w_y Σ_{i ≠ y} max(0, margin - x_y + x_i)^p / C`, so the right
 * class must beat every other by `margin`. One value per sample; `reduction: 'mean'` averages
 * them, as PyTorch (class weights do not enter the mean).
 */
export const multiMargin: LossPluginFactory<MultiMarginSchema> = defineLossPlugin({
  name: 'multi-margin',
  description: 'Multi-class hinge loss of scores against class indices, the right class beating every other by a margin (PyTorch F.multi_margin_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/multi-margin#readme',
  options: multiMarginSchema,
  create: (settings) => ({
    inputs: { target: multiMarginTarget },
    elementwise: (g, prediction, target) => multiMarginElementwise(g, prediction, target, settings),
    gradient: (g, prediction, target, dLoss) => multiMarginGradient(g, prediction, target, dLoss, settings),
    reference: (prediction, target) => multiMarginReference(prediction, target, settings),
  }),
});
