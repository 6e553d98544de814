import type { GraphBuilder, Value } from '@losskit/core';
import { checkSsimDims } from './dims';
import type { SsimSettings } from './options';
import { gaussianWindow, ssimConstants } from './window';

/** The per-position maps of SSIM, `[N, C, H - w + 1, W - w + 1]` for a window of `w`. */
export interface SsimMaps {
  /** SSIM = luminance · contrast-structure. */
  readonly ssim: Value;
  /** The contrast-structure term `(2σxy + C2) / (σx² + σy² + C2)`, which MS-SSIM uses at its finer scales. */
  readonly cs: Value;
}

/**
 * Filters single-channel images `[B, 1, H, W]` with the separable Gaussian window at 'valid'
 * positions: a Conv with a `[1, 1, 1, w]` kernel along the width, then one with `[1, 1, w, 1]`
 * along the height, `2w` multiply-adds per output instead of `w²`. One input and one output
 * channel keep the Convs ungrouped, whose input gradient autodiff emits as a Conv too.
 */
export function gaussianFilter(g: GraphBuilder, images: Value, window: Float64Array): Value {
  const weights = Float32Array.from(window);
  const rows = g.constant(weights, 'float32', [1, 1, 1, window.length]);
  const columns = g.constant(weights, 'float32', [1, 1, window.length, 1]);
  return g.conv(g.conv(images, rows), columns);
}

/**
 * Emits the SSIM and contrast-structure maps of images `x` and `y` `[N, C, H, W]`, per channel
 * and 'valid' position. The five local statistics x, y, x², y², xy are stacked along the batch
 * axis of `[N·C, 1, H, W]` views, so one pair of Convs filters all of them; the variances are
 * the population ones, `E[x²] - μx²` (scikit-image's `use_sample_covariance=False`).
 */
export function ssimMaps(g: GraphBuilder, x: Value, y: Value, settings: SsimSettings): SsimMaps {
  const [n, c, height, width] = checkSsimDims(x.shape, settings.windowSize) as [number, number, number, number];
  const planes = n * c;
  const flat = (v: Value): Value => g.reshape(v, [planes, 1, height, width]);
  const [xs, ys] = [flat(x), flat(y)];
  const stacked = g.concat([xs, ys, g.mul(xs, xs), g.mul(ys, ys), g.mul(xs, ys)], 0);
  const filtered = gaussianFilter(g, stacked, gaussianWindow(settings.windowSize, settings.sigma));
  const valid = [n, c, height - settings.windowSize + 1, width - settings.windowSize + 1];
  const [mx, my, exx, eyy, exy] = g.split(filtered, [planes, planes, planes, planes, planes], 0).map((v) => g.reshape(v, valid)) as [Value, Value, Value, Value, Value];

  const { c1, c2 } = ssimConstants(settings);
  const mxx = g.mul(mx, mx);
  const myy = g.mul(my, my);
  const mxy = g.mul(mx, my);
  // 2σxy + C2 and σx² + σy² + C2 with σxy = E[xy] - μxμy, σ² = E[x²] - μ².
  const covariance = g.add(g.mul(g.sub(exy, mxy), 2), c2);
  const variances = g.add(g.sub(g.add(exx, eyy), g.add(mxx, myy)), c2);
  const cs = g.div(covariance, variances);
  const luminance = g.div(g.add(g.mul(mxy, 2), c1), g.add(g.add(mxx, myy), c1));
  return { ssim: g.mul(luminance, cs), cs };
}
