import type { GraphBuilder, Value } from '@losskit/core';
import { gaussianFilter } from './filter';
import type { SsimSettings } from './options';
import { gaussianWindow } from './window';

/**
 * The Gaussian-weighted local statistics of two images `[1, P, H, W]` at each 'valid' position,
 * `[1, P, H - w + 1, W - w + 1]` each. The second moments are those of the images less their
 * plane means `a` and `b` (`x' = x - a`, `y' = y - b`): variances and covariance do not change
 * with such a shift, and float32 keeps them exact to a fraction of the images' spread rather
 * than of their size.
 */
export interface LocalStatistics {
  /** The local means μx, μy. */
  readonly mx: Value;
  readonly my: Value;
  /** The local means of x' and y': μx - a, μy - b. */
  readonly cx: Value;
  readonly cy: Value;
  /** E[x'²], E[y'²], E[x'y']. */
  readonly exx: Value;
  readonly eyy: Value;
  readonly exy: Value;
  /** x' and y' themselves, `[1, P, H, W]` (the closed-form gradient's factors). */
  readonly x: Value;
  readonly y: Value;
}

/**
 * The local statistics of `x` and `y` (`[1, P, H, W]`, see {@link asPlanes}): each image less
 * its plane mean, then `x', y', x'², y'², x'y'` stacked as the channels of one `[1, 5P, H, W]`
 * tensor, so one pair of depthwise Convs filters all five. Centring matters: with the raw
 * `E[x²] - μx²`, images in [1, 2] lost 2e-5 of MS-SSIM in float32, images in [100, 101] all of it.
 */
export function localStatistics(g: GraphBuilder, x: Value, y: Value, settings: SsimSettings): LocalStatistics {
  const planes = x.shape[1]!;
  const [a, b] = [g.reduceMean(x, { axes: [2, 3], keepdims: true }), g.reduceMean(y, { axes: [2, 3], keepdims: true })];
  const [xc, yc] = [g.sub(x, a), g.sub(y, b)];
  const stacked = g.concat([xc, yc, g.mul(xc, xc), g.mul(yc, yc), g.mul(xc, yc)], 1);
  const filtered = gaussianFilter(g, stacked, gaussianWindow(settings.windowSize, settings.sigma));
  const [cx, cy, exx, eyy, exy] = g.split(filtered, [planes, planes, planes, planes, planes], 1) as [Value, Value, Value, Value, Value];
  return { mx: g.add(cx, a), my: g.add(cy, b), cx, cy, exx, eyy, exy, x: xc, y: yc };
}
