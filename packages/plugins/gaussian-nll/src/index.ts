import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { gaussianNllElementwise, gaussianNllGradient } from './graph';
import { type GaussianNllSchema, gaussianNllSchema } from './options';
import { gaussianNllReference } from './reference';
import { validateGaussianNll, varianceCheck, varianceInput } from './variance';

export type { GaussianNllSchema, GaussianNllSettings } from './options';

/**
 * Gaussian negative log-likelihood per element, as PyTorch's `F.gaussian_nll_loss`: a model
 * predicts a mean (`prediction`) and a variance (`variance`, differentiable) for each target, and
 * `l = (log σ² + (prediction - target)² / σ²) / 2` with `σ² = max(variance, epsilon)`, plus
 * `log(2π) / 2` with `full`. The variance has the prediction's dims, or 1 along the last axis
 * (one variance per row). Gradients are closed-form, through the clamp as PyTorch's.
 */
export const gaussianNll: LossPluginFactory<GaussianNllSchema> = defineLossPlugin({
  name: 'gaussian-nll',
  description: 'Gaussian negative log-likelihood of targets given predicted means and variances (PyTorch F.gaussian_nll_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/gaussian-nll#readme',
  options: gaussianNllSchema,
  create: (settings) => ({
    inputs: {
      target: { type: 'float', description: 'the observed values, with the prediction\'s dims' },
      variance: varianceInput,
    },
    elementwise: (g, _prediction, _target, inputs) => gaussianNllElementwise(g, inputs, settings),
    gradient: (g, _prediction, _target, dLoss, inputs) => gaussianNllGradient(g, dLoss, inputs, settings),
    reference: (prediction, target, inputs) => gaussianNllReference(prediction, target, inputs, settings),
    validate: validateGaussianNll,
    inputCheck: (g, _prediction, _target, inputs) => varianceCheck(g, inputs.variance!),
  }),
});
