import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { poissonNllElementwise } from './graph';
import { type PoissonNllSchema, poissonNllSchema } from './options';
import { poissonNllReference } from './reference';
import { poissonNllInputCheck, validatePoissonNll } from './validate';

export type { PoissonNllSchema, PoissonNllSettings } from './options';

/**
 * Poisson negative log-likelihood per element, as PyTorch's `F.poisson_nll_loss`: for a target
 * count `t` and a predicted log-rate `x`, `exp(x) - t x` (the default, `logInput: true`), or for a
 * rate `λ`, `λ - t log(λ + epsilon)`; `full` adds Stirling's approximation of `log(t!)` for
 * `t > 1`, making it the whole negative log-likelihood rather than the part that depends on the
 * prediction. Targets (and rates) must not be negative.
 */
export const poissonNll: LossPluginFactory<PoissonNllSchema> = defineLossPlugin({
  name: 'poisson-nll',
  description: 'Poisson negative log-likelihood of target counts given predicted log-rates or rates (PyTorch F.poisson_nll_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/poisson-nll#readme',
  options: poissonNllSchema,
  create: (settings) => ({
    elementwise: (g, prediction, target) => poissonNllElementwise(g, prediction, target, settings),
    reference: (prediction, target) => poissonNllReference(prediction, target, settings),
    validate: (inputs) => validatePoissonNll(inputs, settings),
    inputCheck: (g, prediction, target) => poissonNllInputCheck(g, prediction, target, settings),
  }),
});
