// The pixel metrics live in @losskit/models, shared with the web demo.
import type { HostTensor } from '@losskit/core';
import { ssim, ssimReferenceMaps } from '@losskit/loss-ssim';

export { type ReconstructionMetrics, reconstructionMetrics } from '@losskit/models';

/** `ssim()`'s defaults: an 11x11 Gaussian window of σ 1.5, images in [0, 1]. */
const SSIM_SETTINGS = ssim().options;

/**
 * Mean SSIM of `predicted` against `original` (NCHW, in [0, 1]; predictions clamped to it as for
 * PSNR), per channel and window position, in float64, with `ssim()`'s defaults: 1 for a perfect
 * copy. `NaN` for images smaller than the 11-pixel window.
 */
export function meanSsim(original: HostTensor, predicted: HostTensor): number {
  const [, , height, width] = original.dims as number[];
  if (height! < SSIM_SETTINGS.windowSize || width! < SSIM_SETTINGS.windowSize) return Number.NaN;
  const clamped = Float64Array.from(predicted.data, (v) => Math.min(1, Math.max(0, v)));
  const { ssim: map } = ssimReferenceMaps({ data: Float64Array.from(original.data), dims: original.dims }, { data: clamped, dims: predicted.dims }, SSIM_SETTINGS);
  return map.data.reduce((a, b) => a + b, 0) / map.data.length;
}
