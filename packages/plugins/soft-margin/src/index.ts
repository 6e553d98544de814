import { type GraphBuilder, type LossPluginFactory, type Value, defineLossPlugin, sigmoids, softplus, valueCheck } from '@losskit/core';
import { softMarginReference } from './reference';

/** `soft-margin` takes no options. */
export type SoftMarginSchema = Record<string, never>;

const SIGN_LABELS = valueCheck({ absolute: true, min: 1, max: 1, expected: 'a label -1 or 1' });

/** `log(1 + exp(-y x))` as `softplus(-y x)`: finite for any margin, accurate where it is tiny. */
function softMarginElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  return softplus(g, g.neg(g.mul(target, prediction)));
}

/** d l / d x = `-y sigmoid(-y x)`, with `sigmoid(-y x)` accurate for large margins. */
function softMarginGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value): Value {
  const { complement } = sigmoids(g, g.mul(target, prediction));
  return g.mul(g.neg(g.mul(target, complement)), dLoss);
}

/**
 * The two-class logistic loss of PyTorch's `F.soft_margin_loss`: `l = log(1 + exp(-y x))` for
 * scores `x` and labels `y` of -1 or 1. Computed as `max(-y x, 0) + log1p(exp(-|y x|))` with a
 * closed-form gradient, so large margins neither overflow nor round to 0.
 */
export const softMargin: LossPluginFactory<SoftMarginSchema> = defineLossPlugin({
  name: 'soft-margin',
  description: 'Two-class logistic loss log(1 + exp(-y x)) for labels -1 and 1 (PyTorch F.soft_margin_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/soft-margin#readme',
  options: {},
  create: () => ({
    inputs: { target: { type: 'float', description: 'labels -1 or 1, the prediction dims' } },
    elementwise: (g, prediction, target) => softMarginElementwise(g, prediction, target),
    gradient: (g, prediction, target, dLoss) => softMarginGradient(g, prediction, target, dLoss),
    reference: softMarginReference,
    validate: ({ target }) => SIGN_LABELS.validate('target', target.data),
    inputCheck: (g, _prediction, target) => SIGN_LABELS.graph(g, target),
  }),
});
