import { type LossPluginFactory, classMean, classTargetInput, defineLossPlugin } from '@losskit/core';
import { crossEntropyGradient, crossEntropyElementwise } from './graph';
import { type CrossEntropySchema, crossEntropySchema } from './options';
import { crossEntropyReference } from './reference';

export type { CrossEntropySchema } from './options';

/**
 * Softmax cross-entropy of logits against class indices or class probabilities, as PyTorch's
 * `F.cross_entropy`: `l = -Σ_c b_c log softmax(x)_c` along `classAxis`, where `b` is the one-hot
 * label (or the target distribution), smoothed by `labelSmoothing` and scaled by `classWeights`.
 * With class indices, `ignoreIndex` labels count for nothing and `reduction: 'mean'` is PyTorch's
 * weighted mean `Σ l / Σ classWeights[y]`. Computed through log-sum-exp with a closed-form
 * gradient (`softmax - b`); class indices without smoothing read each label's logit with
 * GatherElements and take the label off the softmax with ScatterElements, with no one-hot.
 */
export const crossEntropy: LossPluginFactory<CrossEntropySchema> = defineLossPlugin({
  name: 'cross-entropy',
  description: 'Softmax cross-entropy between logits and class indices or class probabilities (PyTorch F.cross_entropy).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/cross-entropy#readme',
  options: crossEntropySchema,
  create: (settings) => {
    const mean = classMean(settings);
    return {
      inputs: { target: classTargetInput(settings) },
      elementwise: (g, prediction, target) => crossEntropyElementwise(g, prediction, target, settings),
      gradient: (g, prediction, target, dLoss) => crossEntropyGradient(g, prediction, target, dLoss, settings),
      reference: (prediction, target) => crossEntropyReference(prediction, target, settings),
      ...(mean ? { mean } : {}),
    };
  },
});
