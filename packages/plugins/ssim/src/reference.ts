import type { Float64Tensor } from '@losskit/core';
import { checkSsimDims } from './dims';
import type { SsimSettings } from './options';
import { gaussianWindow, ssimConstants } from './window';

/** The float64 maps of {@link ssimReferenceMaps}. */
export interface SsimReferenceMaps {
  readonly ssim: Float64Tensor;
  readonly cs: Float64Tensor;
}

/**
 * SSIM and contrast-structure maps in float64, from Wang et al.'s definition: at each 'valid'
 * position of each channel, Gaussian-weighted means, population variances and covariance over
 * the `w × w` window (weights `g_a g_b`, summed directly rather than separably), then
 * `SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))`.
 */
export function ssimReferenceMaps(x: Float64Tensor, y: Float64Tensor, settings: SsimSettings): SsimReferenceMaps {
  const [n, c, height, width] = checkSsimDims(x.dims, settings.windowSize) as [number, number, number, number];
  const size = settings.windowSize;
  const window = gaussianWindow(size, settings.sigma);
  const { c1, c2 } = ssimConstants(settings);
  const rows = height - size + 1;
  const columns = width - size + 1;
  const dims = [n, c, rows, columns];
  const ssim = new Float64Array(n * c * rows * columns);
  const cs = new Float64Array(ssim.length);
  // The 2-D window g_a g_b, row-major.
  const weights = Float64Array.from({ length: size * size }, (_, k) => window[Math.floor(k / size)]! * window[k % size]!);
  let out = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++, out++) {
        let mx = 0;
        let my = 0;
        let exx = 0;
        let eyy = 0;
        let exy = 0;
        for (let a = 0; a < size; a++) {
          const row = base + (i + a) * width + j;
          for (let b = 0; b < size; b++) {
            const weight = weights[a * size + b]!;
            const xv = x.data[row + b]!;
            const yv = y.data[row + b]!;
            mx += weight * xv;
            my += weight * yv;
            exx += weight * xv * xv;
            eyy += weight * yv * yv;
            exy += weight * xv * yv;
          }
        }
        const contrast = (2 * (exy - mx * my) + c2) / (exx - mx * mx + (eyy - my * my) + c2);
        cs[out] = contrast;
        ssim[out] = ((2 * mx * my + c1) / (mx * mx + my * my + c1)) * contrast;
      }
    }
  }
  return { ssim: { data: ssim, dims }, cs: { data: cs, dims } };
}
