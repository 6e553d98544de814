import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { diceElementwise } from './graph';
import { type DiceSchema, diceSchema } from './options';
import { diceReference } from './reference';

export type { DiceSchema } from './options';

/**
 * Dice loss as Keras's `keras.losses.dice`: `1 - 2 Σ t p / (Σ t + Σ p + ε)` with `ε = 1e-7`, one
 * minus the Dice coefficient (F1 score) of a soft prediction `p` and a mask `t`. The sums run
 * over `axis`: by default every axis, one loss for the whole batch (Keras's `axis=None`); with
 * `axis: [1, 2, 3]`, one loss per sample of `[N, H, W, C]` masks. The elementwise loss has the
 * prediction's dims without those axes; `reduction: 'mean'` is Keras's default
 * `'sum_over_batch_size'` of it.
 */
export const dice: LossPluginFactory<DiceSchema> = defineLossPlugin({
  name: 'dice',
  description: 'Dice loss 1 - 2 Σ t p / (Σ t + Σ p + 1e-7) over every axis or the given ones (Keras keras.losses.dice).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/dice#readme',
  options: diceSchema,
  create: ({ axis }) => ({
    elementwise: (g, prediction, target) => diceElementwise(g, prediction, target, axis),
    reference: (prediction, target) => diceReference(prediction, target, axis),
  }),
});
