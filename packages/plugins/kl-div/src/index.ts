import { type LossPluginFactory, type OptionSpec, defineLossPlugin, option, valueCheck } from '@losskit/core';
import { klDivElementwise, klDivGradient } from './graph';
import { klDivReference } from './reference';

/** The options of {@link klDiv}. */
export type KlDivSchema = {
  /** Default `false`: the target holds probabilities. */
  readonly logTarget: OptionSpec<boolean>;
};

const klDivSchema: KlDivSchema = {
  logTarget: option.boolean({
    description: 'Whether the target holds log-probabilities (PyTorch `log_target`) rather than probabilities.',
    default: false,
  }),
};

/** Probabilities (and unnormalized masses) are non-negative; their log is taken. */
const PROBABILITY_TARGET = valueCheck({ min: 0, expected: 'a probability >= 0 (pass logTarget: true for log-probabilities)' });

/**
 * Pointwise Kullback-Leibler divergence of a target distribution from the prediction, as
 * PyTorch's `F.kl_div`: for log-probabilities `x` and probabilities `t`,
 * `l = t (log t - x)` (0 where `t = 0`); with `logTarget`, `l = exp(t) (t - x)`. The sum over a
 * distribution's classes is `KL(t || exp(x))`; `reduction: 'mean'` is PyTorch's mean over every
 * element (its `'batchmean'`, the true KL per sample, is `sum` divided by the batch size).
 */
export const klDiv: LossPluginFactory<KlDivSchema> = defineLossPlugin({
  name: 'kl-div',
  description: 'Pointwise Kullback-Leibler divergence between log-probabilities and a target distribution (PyTorch F.kl_div).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/kl-div#readme',
  options: klDivSchema,
  create: ({ logTarget }) => ({
    inputs: {
      target: {
        type: 'float',
        description: logTarget ? 'log-probabilities, the prediction dims' : 'probabilities (>= 0), the prediction dims',
      },
    },
    elementwise: (g, prediction, target) => klDivElementwise(g, prediction, target, logTarget),
    gradient: (g, prediction, target, dLoss) => klDivGradient(g, target, dLoss, logTarget),
    reference: (prediction, target) => klDivReference(prediction, target, logTarget),
    ...(logTarget
      ? {}
      : {
          validate: ({ target }) => PROBABILITY_TARGET.validate('target', target.data),
          inputCheck: (g, _prediction, target) => PROBABILITY_TARGET.graph(g, target),
        }),
  }),
});
