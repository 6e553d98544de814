import { type LossPluginFactory, type OptionSpec, classWeightsOption, defineLossPlugin, valueCheck } from '@losskit/core';
import { multilabelDims, multilabelElementwise, multilabelGradient } from './graph';
import { multilabelReference } from './reference';

/** The options of {@link multilabelSoftMargin}. */
export type MultilabelSoftMarginSchema = {
  /** Default none (every class weighs 1). */
  readonly classWeights: OptionSpec<readonly number[] | undefined, readonly number[] | undefined>;
};

const multilabelSoftMarginSchema: MultilabelSoftMarginSchema = {
  classWeights: classWeightsOption('A weight per class (length C, the last axis) that scales its term (PyTorch `weight`).'),
};

const UNIT_TARGET = valueCheck({ min: 0, max: 1, expected: 'a label 0 or 1 (or a soft label in [0, 1])' });

/**
 * PyTorch's `F.multilabel_soft_margin_loss`: for logits `x` `[N, C]` and labels `y` in {0, 1}
 * (one per class), the logistic loss of each class, weighted by `classWeights` and averaged over
 * the C classes: `l_n = -Σ_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c)) / C`.
 * The loss has one value per sample (`[N]`); `reduction: 'mean'` averages those, as PyTorch.
 */
export const multilabelSoftMargin: LossPluginFactory<MultilabelSoftMarginSchema> = defineLossPlugin({
  name: 'multilabel-soft-margin',
  description: 'Logistic loss of each class averaged over the classes of each sample, for multi-label classification (PyTorch F.multilabel_soft_margin_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/multilabel-soft-margin#readme',
  options: multilabelSoftMarginSchema,
  create: ({ classWeights }) => ({
    inputs: { target: { type: 'float', dims: multilabelDims, description: 'labels 0 or 1 per class, the prediction dims [N, C]' } },
    elementwise: (g, prediction, target) => multilabelElementwise(g, prediction, target, classWeights),
    gradient: (g, prediction, target, dLoss) => multilabelGradient(g, prediction, target, dLoss, classWeights),
    reference: (prediction, target) => multilabelReference(prediction, target, classWeights),
    validate: ({ target }) => UNIT_TARGET.validate('target', target.data),
    inputCheck: (g, _prediction, target) => UNIT_TARGET.graph(g, target),
  }),
});
