import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';
import { checkSsimDims, imageTarget } from './dims';
import { ssimMaps } from './graph';
import { type SsimSchema, ssimSchema } from './options';
import { ssimReferenceMaps } from './reference';

export type { SsimSchema, SsimSettings } from './options';
export { ssimSchema } from './options';
// The building blocks of SSIM, for losses built on it (@losskit/loss-ms-ssim) and benchmarks.
export type { SsimMaps } from './graph';
export { gaussianFilter, ssimMaps } from './graph';
export type { SsimReferenceMaps } from './reference';
export { ssimReferenceMaps } from './reference';
export { gaussianWindow, ssimConstants } from './window';
export { checkImageDims, checkSsimDims, imageTarget } from './dims';

/**
 * Structural similarity loss per position, `1 - SSIM`, as Wang et al. (2004) define SSIM: for
 * each channel and each position where the Gaussian window fits inside the image ('valid'),
 * `SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))` with Gaussian-weighted
 * means and population (co)variances. Prediction and target are images `[N, C, H, W]`; the
 * elementwise loss is `[N, C, H - w + 1, W - w + 1]`, so `'mean'` is `1 - ` the mean SSIM that
 * scikit-image's `structural_similarity` (gaussian_weights, population covariance) and
 * pytorch-msssim's `ssim` report. Gradients come from autodiff through the two Convs.
 */
export const ssim: LossPluginFactory<SsimSchema> = defineLossPlugin({
  name: 'ssim',
  description: 'Structural similarity loss 1 - SSIM per channel and window position (Wang et al. 2004, Gaussian window), for images [N, C, H, W].',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/ssim#readme',
  options: ssimSchema,
  create: (settings) => ({
    inputs: imageTarget((dims) => checkSsimDims(dims, settings.windowSize)),
    elementwise: (g, prediction, target) => g.sub(1, ssimMaps(g, prediction, target, settings).ssim),
    reference: (prediction, target) => {
      const { ssim: map } = ssimReferenceMaps(prediction, target, settings);
      return { data: map.data.map((v) => 1 - v), dims: map.dims };
    },
  }),
});
