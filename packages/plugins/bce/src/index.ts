import { InvalidOptionError, type LossPluginFactory, type OptionSpec, defineLossPlugin, option } from '@losskit/core';
import { bceElementwise, bceGradient } from './graph';
import { type PosWeightTensor, type ResolvedPosWeight, posWeightOption } from './pos-weight';
import { bceReference } from './reference';
import { bceInputCheck, validateBce } from './validate';

export type { PosWeightTensor, ResolvedPosWeight } from './pos-weight';

/** The options of {@link bce}: what each accepts and what the plugin keeps. */
export type BceSchema = {
  /** Default `false`. */
  readonly fromLogits: OptionSpec<boolean>;
  /** Default none (every positive term has weight 1). */
  readonly posWeight: OptionSpec<number | PosWeightTensor | undefined, ResolvedPosWeight>;
  /** Default `0`, in [0, 1). */
  readonly labelSmoothing: OptionSpec<number>;
  /** Default none (logs clamped at -100); > 0 when given. */
  readonly epsilon: OptionSpec<number | undefined>;
};

const bceSchema: BceSchema = {
  fromLogits: option.boolean({
    description: 'Whether predictions are logits (any real number) rather than probabilities in [0, 1].',
    default: false,
  }),
  posWeight: posWeightOption,
  labelSmoothing: option.number({
    description: 'Smooths targets towards 0.5: y -> y (1 - s) + s / 2.',
    default: 0,
    min: 0,
    max: 1,
    exclusiveMax: true,
  }),
  epsilon: option.optionalNumber({
    description: 'Probabilities only: use log(p + epsilon) and log(1 - p + epsilon) instead of logs clamped at -100.',
    min: 0,
    exclusiveMin: true,
  }),
};

/**
 * Binary cross-entropy `-(y log p + (1 - y) log(1 - p))` per element, with PyTorch's semantics:
 * `BCELoss` for probabilities (each log clamped at -100) and `BCEWithLogitsLoss` with
 * `fromLogits: true` (the stable form `max(x, 0) - x y + log(1 + exp(-|x|))`, `posWeight`
 * weighting the positive term). Gradients are closed-form, so they stay finite at p = 0 or 1
 * and for logits in the hundreds.
 */
export const bce: LossPluginFactory<BceSchema> = defineLossPlugin({
  name: 'bce',
  description: 'Binary cross-entropy between target labels in [0, 1] and predicted probabilities or logits.',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/bce#readme',
  options: bceSchema,
  create: (settings) => {
    if (settings.fromLogits && settings.epsilon !== undefined) {
      throw new InvalidOptionError(
        'bce.epsilon',
        'undefined when fromLogits is true (epsilon only guards log(p) for probabilities; logits need no guard)',
        settings.epsilon,
      );
    }
    return {
      elementwise: (g, prediction, target) => bceElementwise(g, prediction, target, settings),
      gradient: (g, prediction, target, dLoss) => bceGradient(g, prediction, target, dLoss, settings),
      reference: (prediction, target) => bceReference(prediction, target, settings),
      validate: (inputs) => validateBce(inputs, settings),
      inputCheck: (g, prediction, target) => bceInputCheck(g, prediction, target, settings),
    };
  },
});
