import { type LossPluginFactory, defineLossPlugin, valueCheck } from '@losskit/core';
import { type FocalSettings, focalElementwise, focalGradient } from './graph';
import { type FocalSchema, focalSchema } from './options';
import { focalReference } from './reference';

export type { FocalSchema } from './options';

const UNIT_TARGET = valueCheck({ min: 0, max: 1, expected: 'a target in [0, 1]' });

/**
 * The sigmoid focal loss of RetinaNet, as torchvision's `ops.sigmoid_focal_loss`: for logits
 * `x` and targets `y` in [0, 1], `l = alpha_t ce (1 - p_t)^gamma`, where `ce` is binary
 * cross-entropy with logits, `p = sigmoid(x)`, `p_t = p y + (1 - p)(1 - y)` and
 * `alpha_t = alpha y + (1 - alpha)(1 - y)`. `reduction: 'mean'` is torchvision's mean over
 * every element. Computed from `exp(-|x|)` with a closed-form gradient, finite for any logit.
 */
export const focal: LossPluginFactory<FocalSchema> = defineLossPlugin({
  name: 'focal',
  description: 'Sigmoid focal loss between logits and binary targets, down-weighting easy examples (torchvision ops.sigmoid_focal_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/focal#readme',
  options: focalSchema,
  create: (options) => {
    const settings: FocalSettings = { alpha: options.alpha < 0 ? undefined : options.alpha, gamma: options.gamma };
    return {
      inputs: { target: { type: 'float', description: 'binary labels (or soft labels in [0, 1]), the prediction dims' } },
      elementwise: (g, prediction, target) => focalElementwise(g, prediction, target, settings),
      gradient: (g, prediction, target, dLoss) => focalGradient(g, prediction, target, dLoss, settings),
      reference: (prediction, target) => focalReference(prediction, target, settings),
      validate: ({ target }) => UNIT_TARGET.validate('target', target.data),
      inputCheck: (g, _prediction, target) => UNIT_TARGET.graph(g, target),
    };
  },
});
