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
 * Filters each channel of images `[N, C, H, W]` with the separable Gaussian window at 'valid'
 * positions, giving `[N, C, H - w + 1, W - w + 1]`: a depthwise Conv (group = C) with `[C, 1, 1, w]`
 * kernels along the width, then one with `[C, 1, w, 1]` kernels along the height, `2w`
 * multiply-adds per output instead of `w²`. Depthwise rather than one ungrouped single-channel
 * Conv over `[N·C, 1, H, W]`: on ONNX Runtime's CPU provider the latter ran 2.6-5x slower with
 * its default (NCHWc) optimisations, forward and backward alike.
 */
export function gaussianFilter(g: GraphBuilder, images: Value, window: Float64Array): Value {
  const channels = images.shape[1]!;
  const size = window.length;
  const weights = Float32Array.from({ length: channels * size }, (_, i) => window[i % size]!);
  const rows = g.constant(weights, 'float32', [channels, 1, 1, size]);
  const columns = g.constant(weights, 'float32', [channels, 1, size, 1]);
  return g.conv(g.conv(images, rows, undefined, { group: channels }), columns, undefined, { group: channels });
}

/**
 * The terms of SSIM at each position, kept for the closed-form gradient: the maps, the luminance
 * term `l`, the means and the denominators `B1 = μx² + μy² + C1`, `B2 = σx² + σy² + C2`.
 */
export interface SsimTerms extends SsimMaps {
  readonly luminance: Value;
  readonly mx: Value;
  readonly my: Value;
  readonly b1: Value;
  readonly b2: Value;
}

/**
 * Emits the SSIM and contrast-structure maps of images `x` and `y` `[N, C, H, W]`, per channel
 * and 'valid' position, with the terms they come from. The five local statistics x, y, x², y², xy
 * are stacked as the channels of one `[1, 5·N·C, H, W]` tensor, so one pair of depthwise Convs
 * filters all of them; the variances are the population ones, `E[x²] - μx²` (scikit-image's
 * `use_sample_covariance=False`).
 */
export function ssimTerms(g: GraphBuilder, x: Value, y: Value, settings: SsimSettings): SsimTerms {
  const [n, c, height, width] = checkSsimDims(x.shape, settings.windowSize) as [number, number, number, number];
  const planes = n * c;
  const flat = (v: Value): Value => g.reshape(v, [1, planes, height, width]);
  const [xs, ys] = [flat(x), flat(y)];
  const stacked = g.concat([xs, ys, g.mul(xs, xs), g.mul(ys, ys), g.mul(xs, ys)], 1);
  const filtered = gaussianFilter(g, stacked, gaussianWindow(settings.windowSize, settings.sigma));
  const valid = [n, c, height - settings.windowSize + 1, width - settings.windowSize + 1];
  const [mx, my, exx, eyy, exy] = g.split(filtered, [planes, planes, planes, planes, planes], 1).map((v) => g.reshape(v, valid)) as [Value, Value, Value, Value, Value];

  const { c1, c2 } = ssimConstants(settings);
  const mxx = g.mul(mx, mx);
  const myy = g.mul(my, my);
  const mxy = g.mul(mx, my);
  // 2σxy + C2 and σx² + σy² + C2 with σxy = E[xy] - μxμy, σ² = E[x²] - μ².
  const covariance = g.add(g.mul(g.sub(exy, mxy), 2), c2);
  const b2 = g.add(g.sub(g.add(exx, eyy), g.add(mxx, myy)), c2);
  const cs = g.div(covariance, b2);
  const b1 = g.add(g.add(mxx, myy), c1);
  const luminance = g.div(g.add(g.mul(mxy, 2), c1), b1);
  return { ssim: g.mul(luminance, cs), cs, luminance, mx, my, b1, b2 };
}

/** The SSIM and contrast-structure maps of {@link ssimTerms}. */
export function ssimMaps(g: GraphBuilder, x: Value, y: Value, settings: SsimSettings): SsimMaps {
  const { ssim, cs } = ssimTerms(g, x, y, settings);
  return { ssim, cs };
}

/**
 * The adjoint of {@link gaussianFilter}: spreads values at the 'valid' positions `[N, C, H', W']`
 * back over the `[N, C, H, W]` pixels their windows cover. A full correlation with the flipped
 * window (the same window: a Gaussian is symmetric), as depthwise Convs padded by `w - 1`.
 */
export function gaussianFilterAdjoint(g: GraphBuilder, values: Value, window: Float64Array): Value {
  const pad = window.length - 1;
  const channels = values.shape[1]!;
  const size = window.length;
  const flipped = Float32Array.from({ length: channels * size }, (_, i) => window[size - 1 - (i % size)]!);
  const rows = g.constant(flipped, 'float32', [channels, 1, 1, size]);
  const columns = g.constant(flipped, 'float32', [channels, 1, size, 1]);
  const wide = g.conv(values, rows, undefined, { group: channels, pads: [0, pad, 0, pad] });
  return g.conv(wide, columns, undefined, { group: channels, pads: [pad, 0, pad, 0] });
}

/**
 * d(Σ dSsim · SSIM) / d x, closed-form. With `S = l · cs`, `l = A1 / B1`, `cs = A2 / B2`, SSIM
 * depends on `x` through μx, E[x²] and E[xy]:
 * `∂S/∂μx = 2 cs (μy - l μx) / B1 + 2 l (cs μx - μy) / B2`, `∂S/∂E[x²] = -S / B2`,
 * `∂S/∂E[xy] = 2 l / B2`; each is spread back over the window by the filter's adjoint, and
 * `E[x²]` and `E[xy]` add the factors `2x` and `y`. The three adjoint filters run as one pair of
 * Convs over the three maps stacked, where autodiff would spread all five statistics back with
 * ConvTransposes.
 */
export function ssimGradient(g: GraphBuilder, terms: SsimTerms, x: Value, y: Value, dSsim: Value, settings: SsimSettings): Value {
  const { ssim, cs, luminance, mx, my, b1, b2 } = terms;
  const [n, c, height, width] = x.shape as [number, number, number, number];
  const planes = n * c;
  const dMean = g.mul(
    dSsim,
    g.add(
      g.div(g.mul(g.mul(cs, 2), g.sub(my, g.mul(luminance, mx))), b1),
      g.div(g.mul(g.mul(luminance, 2), g.sub(g.mul(cs, mx), my)), b2),
    ),
  );
  const dSquare = g.neg(g.div(g.mul(dSsim, ssim), b2));
  const dProduct = g.div(g.mul(g.mul(dSsim, luminance), 2), b2);
  const [rows, columns] = ssim.shape.slice(2) as [number, number];
  const flat = (v: Value): Value => g.reshape(v, [1, planes, rows, columns]);
  const spread = gaussianFilterAdjoint(g, g.concat([flat(dMean), flat(dSquare), flat(dProduct)], 1), gaussianWindow(settings.windowSize, settings.sigma));
  const [fromMean, fromSquare, fromProduct] = g.split(spread, [planes, planes, planes], 1).map((v) => g.reshape(v, [n, c, height, width])) as [Value, Value, Value];
  return g.add(g.add(fromMean, g.mul(g.mul(fromSquare, x), 2)), g.mul(fromProduct, y));
}
