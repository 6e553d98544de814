import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { imageGradientElementwise } from './graph';
import { imageGradientInputs } from './inputs';
import { imageGradientReference } from './reference';

/** `imageGradient()` takes no options. */
type ImageGradientSchema = Record<string, never>;

/**
 * Image gradient loss: L1 between the finite differences of prediction and target images
 * `[..., H, W]`, horizontal (`x[..., :, 1:] - x[..., :, :-1]`) and vertical
 * (`x[..., 1:, :] - x[..., :-1, :]`), so that edges must match where they are and how strong
 * they are. `reduction: 'mean'` is `mean |Δₕp - Δₕt| + mean |Δᵥp - Δᵥt|`, each mean over its own
 * differences, as `F.l1_loss(dx_p, dx_t) + F.l1_loss(dy_p, dy_t)`: the elementwise loss, with the
 * prediction's dims, holds each pixel's two differences scaled to give exactly that.
 */
export const imageGradient: LossPluginFactory<ImageGradientSchema> = defineLossPlugin({
  name: 'image-gradient',
  description: 'Image gradient loss: L1 between the horizontal and vertical finite differences of prediction and target images [..., H, W].',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/image-gradient#readme',
  options: {},
  create: () => ({
    inputs: imageGradientInputs,
    elementwise: (g, prediction, target) => imageGradientElementwise(g, prediction, target),
    reference: (prediction, target) => imageGradientReference(prediction, target),
  }),
});
