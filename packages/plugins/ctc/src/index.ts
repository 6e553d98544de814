import { type LossPluginFactory, type Value, defineLossPlugin } from '@losskit/core';
import { type CtcForward, ctcForward } from './forward';
import { ctcGradient } from './gradient';
import { CTC_INPUTS, validateCtc } from './inputs';
import { ctcMean } from './mean';
import { type CtcSchema, ctcSchema } from './options';
import { ctcReference } from './reference';

export type { CtcSchema } from './options';

/**
 * Connectionist temporal classification loss, as PyTorch's `F.ctc_loss`: `-log p(y | x)`, the
 * probability of the label sequence `y` summed over every alignment of it (with blanks and
 * repeats) to the frames of log-probabilities `x` `[T, N, C]`. Inputs: `target` padded labels
 * `[N, S]`, `inputLengths` and `targetLengths` `[N]`. The alpha recursion is unrolled over the
 * T frames when the graph is built; the gradient is the closed-form alpha-beta one.
 * `reduction: 'mean'` is PyTorch's: each loss divided by its target length, averaged over the batch.
 */
export const ctc: LossPluginFactory<CtcSchema> = defineLossPlugin({
  name: 'ctc',
  description: 'Connectionist temporal classification loss of log-probabilities [T, N, C] against unaligned label sequences (PyTorch F.ctc_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/ctc#readme',
  options: ctcSchema,
  create: (settings) => {
    // The gradient reuses the forward pass's emissions and alphas (keyed by the prediction
    // value both receive); they become inputs of the gradient's function.
    const forwards = new WeakMap<Value, CtcForward>();
    return {
      inputs: CTC_INPUTS,
      elementwise: (g, prediction, target, inputs) => {
        const forward = ctcForward(g, prediction, target, inputs.inputLengths!, inputs.targetLengths!, settings);
        forwards.set(prediction, forward);
        return forward.loss;
      },
      gradient: (g, prediction, target, dLoss, inputs) => {
        const forward = forwards.get(prediction) ?? ctcForward(g, prediction, target, inputs.inputLengths!, inputs.targetLengths!, settings);
        return ctcGradient(g, forward, dLoss, settings);
      },
      reference: (prediction, target, inputs) => ctcReference(prediction, target, inputs.inputLengths!, inputs.targetLengths!, settings),
      mean: ctcMean,
      validate: (inputs) => validateCtc(inputs, settings.blank),
    };
  },
});
