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
 * `[N, C, H, W]` as `[1, N·C, H, W]`: every channel of every image one channel of one image, the
 * layout the depthwise Convs filter and every SSIM term is computed in (a Reshape, no copy).
 */
export function asPlanes(g: GraphBuilder, x: Value): Value {
  const [n, c, height, width] = x.shape as [number, number, number, number];
  return g.reshape(x, [1, n * c, height, width]);
}

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

/**
 * The terms of SSIM at each position, kept for the closed-form gradient: the maps, the luminance
 * term `l`, the local statistics and the denominators `B1 = μx² + μy² + C1`, `B2 = σx² + σy² + C2`.
 */
export interface SsimTerms extends SsimMaps {
  readonly luminance: Value;
  readonly statistics: LocalStatistics;
  readonly b1: Value;
  readonly b2: Value;
}

/** The contrast-structure term `(2σxy + C2) / (σx² + σy² + C2)` and its denominator `B2`, from local statistics. */
function contrastStructureTerms(g: GraphBuilder, { cx, cy, exx, eyy, exy }: LocalStatistics, settings: SsimSettings): { cs: Value; b2: Value } {
  const { c2 } = ssimConstants(settings);
  // σxy = E[x'y'] - μx'μy' and σ² = E[x'²] - μx'²: the population (co)variances.
  const covariance = g.add(g.mul(g.sub(exy, g.mul(cx, cy)), 2), c2);
  const b2 = g.add(g.sub(g.add(exx, eyy), g.add(g.mul(cx, cx), g.mul(cy, cy))), c2);
  return { cs: g.div(covariance, b2), b2 };
}

/** The contrast-structure map of local statistics: MS-SSIM's term at its finer scales. */
export function contrastStructure(g: GraphBuilder, statistics: LocalStatistics, settings: SsimSettings): Value {
  return contrastStructureTerms(g, statistics, settings).cs;
}

/** SSIM and its terms from local statistics, in their layout: `S = l · cs` with `l = (2μxμy + C1) / (μx² + μy² + C1)`. */
export function ssimTerms(g: GraphBuilder, statistics: LocalStatistics, settings: SsimSettings): SsimTerms {
  const { cs, b2 } = contrastStructureTerms(g, statistics, settings);
  const { c1 } = ssimConstants(settings);
  const { mx, my } = statistics;
  const b1 = g.add(g.add(g.mul(mx, mx), g.mul(my, my)), c1);
  const luminance = g.div(g.add(g.mul(g.mul(mx, my), 2), c1), b1);
  return { ssim: g.mul(luminance, cs), cs, luminance, statistics, b1, b2 };
}

/**
 * Emits the SSIM and contrast-structure maps of images `x` and `y` `[N, C, H, W]` per channel and
 * 'valid' position, `[N, C, H - w + 1, W - w + 1]`, with population variances `E[x²] - μx²`
 * (scikit-image's `use_sample_covariance=False`).
 */
export function ssimMaps(g: GraphBuilder, x: Value, y: Value, settings: SsimSettings): SsimMaps {
  const [n, c, height, width] = checkSsimDims(x.shape, settings.windowSize) as [number, number, number, number];
  const { ssim, cs } = ssimTerms(g, localStatistics(g, asPlanes(g, x), asPlanes(g, y), settings), settings);
  const valid = [n, c, height - settings.windowSize + 1, width - settings.windowSize + 1];
  return { ssim: g.reshape(ssim, valid), cs: g.reshape(cs, valid) };
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
 * depends on `x` through μx', E[x'²] and E[x'y'] (the plane means are constants here: SSIM does
 * not change with them), with μx = μx' + a in the luminance term:
 * `∂S/∂μx' = 2 cs (μy - l μx) / B1 + 2 l (cs μx' - μy') / B2`, `∂S/∂E[x'²] = -S / B2`,
 * `∂S/∂E[x'y'] = 2 l / B2`; each is spread back over the window by the filter's adjoint, and
 * `E[x'²]` and `E[x'y']` add the factors `2x'` and `y'`. The three adjoint filters run as one
 * pair of Convs over the three maps stacked, where autodiff would spread all five statistics back
 * with ConvTransposes. Every value is in the layout of {@link asPlanes}: the result `[1, P, H, W]`,
 * `dSsim` and the terms `[1, P, H - w + 1, W - w + 1]`.
 */
export function ssimGradient(g: GraphBuilder, terms: SsimTerms, dSsim: Value, settings: SsimSettings): Value {
  const { ssim, cs, luminance, b1, b2, statistics } = terms;
  const { mx, my, cx, cy, x, y } = statistics;
  const planes = x.shape[1]!;
  const dMean = g.mul(
    dSsim,
    g.add(
      g.div(g.mul(g.mul(cs, 2), g.sub(my, g.mul(luminance, mx))), b1),
      g.div(g.mul(g.mul(luminance, 2), g.sub(g.mul(cs, cx), cy)), b2),
    ),
  );
  const dSquare = g.neg(g.div(g.mul(dSsim, ssim), b2));
  const dProduct = g.div(g.mul(g.mul(dSsim, luminance), 2), b2);
  const spread = gaussianFilterAdjoint(g, g.concat([dMean, dSquare, dProduct], 1), gaussianWindow(settings.windowSize, settings.sigma));
  const [fromMean, fromSquare, fromProduct] = g.split(spread, [planes, planes, planes], 1) as [Value, Value, Value];
  return g.add(g.add(fromMean, g.mul(g.mul(fromSquare, x), 2)), g.mul(fromProduct, y));
}
