import { type ClassTargetSchema, type LossPluginFactory, classMean, classTargetInput, classTargetSchema, defineLossPlugin } from '@losskit/core';
import { nllElementwise, nllGradient } from './graph';
import { nllReference } from './reference';

/** The options of {@link nll}: cross-entropy's target options (core's `ClassTargetSchema`). */
export type NllSchema = ClassTargetSchema;

/**
 * Negative log-likelihood of log-probabilities against class indices or class probabilities, as
 * PyTorch's `F.nll_loss`: `l = -Σ_c b_c x_c` along `classAxis`, where `x` are log-probabilities
 * (a log-softmax output) and `b` is the one-hot label (or the target distribution), smoothed by
 * `labelSmoothing` and scaled by `classWeights`. With class indices, `ignoreIndex` labels count
 * for nothing and `reduction: 'mean'` is PyTorch's weighted mean `Σ l / Σ classWeights[y]`.
 * `nll` after a log-softmax is `crossEntropy` on the logits.
 */
export const nll: LossPluginFactory<NllSchema> = defineLossPlugin({
  name: 'nll',
  description: 'Negative log-likelihood of log-probabilities against class indices or class probabilities (PyTorch F.nll_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/nll#readme',
  options: classTargetSchema,
  create: (settings) => {
    const mean = classMean(settings);
    return {
      inputs: { target: classTargetInput(settings) },
      elementwise: (g, prediction, target) => nllElementwise(g, prediction, target, settings),
      gradient: (g, prediction, target, dLoss) => nllGradient(g, prediction, target, dLoss, settings),
      reference: (prediction, target) => nllReference(prediction, target, settings),
      ...(mean ? { mean } : {}),
    };
  },
});
