import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { msSsimLoss } from './loss';
import { type MsSsimSchema, msSsimSchema } from './options';

export type { MsSsimSchema } from './options';
export { MS_SSIM_WEIGHTS } from './options';
export { SCALES, minimumSide } from './dims';

/**
 * Multi-scale structural similarity loss, `1 - MS-SSIM` per image and channel, as
 * pytorch-msssim's `ms_ssim` computes MS-SSIM (Wang, Simoncelli and Bovik 2003): SSIM's
 * contrast-structure term at four scales and the full SSIM at a fifth, each the ReLU of its
 * mean over the 'valid' positions, raised to the scale's weight and multiplied; the images are
 * 2 × 2 average-pooled between scales. Images `[N, C, H, W]` need `H, W > (windowSize - 1) · 16`
 * (161 for the default window). The elementwise loss is `[N, C]`; `'mean'` is `1 - ` the
 * `size_average=True` value of pytorch-msssim. The gradient is closed-form.
 */
export const msSsim: LossPluginFactory<MsSsimSchema> = defineLossPlugin({
  name: 'ms-ssim',
  description: 'Multi-scale structural similarity loss 1 - MS-SSIM per image and channel (five scales, pytorch-msssim ms_ssim), for images [N, C, H, W].',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/ms-ssim#readme',
  options: msSsimSchema,
  create: msSsimLoss,
});
