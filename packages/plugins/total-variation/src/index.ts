import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { totalVariationElementwise } from './graph';
import { type TotalVariationSchema, totalVariationSchema } from './options';
import { totalVariationReference } from './reference';

export type { TotalVariationSchema, TotalVariationSettings } from './options';

/**
 * Total variation of images, as kornia's `total_variation`: for a prediction `[..., H, W]`, the
 * sum over each image of `|x[i+1, j] - x[i, j]|` and `|x[i, j+1] - x[i, j]|` (`norm: 'l2'`
 * squares them instead), one value per image (`[N, C]` for `[N, C, H, W]`). A regularizer: it
 * takes no target and declares no inputs, so it is called with the prediction alone,
 * `computeLoss(totalVariation(), { prediction })`, and added to a loss that has one.
 */
export const totalVariation: LossPluginFactory<TotalVariationSchema> = defineLossPlugin({
  name: 'total-variation',
  description: 'Total variation of images [..., H, W]: the absolute (or squared) differences between neighbouring pixels, per image (kornia total_variation). No target.',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/total-variation#readme',
  options: totalVariationSchema,
  create: (settings) => ({
    // A regularizer: no target, no other input.
    inputs: {},
    elementwise: (g, prediction) => totalVariationElementwise(g, prediction, settings),
    reference: (prediction) => totalVariationReference(prediction, settings),
  }),
});
