import type { GraphBuilder, Value } from '@losskit/core';
import { checkSsimDims } from './dims';
import { asPlanes } from './filter';
import type { SsimSettings } from './options';
import { type LocalStatistics, localStatistics } from './statistics';
import { ssimConstants } from './window';

/** The per-position maps of SSIM, `[N, C, H - w + 1, W - w + 1]` for a window of `w`. */
export interface SsimMaps {
  /** SSIM = luminance · contrast-structure. */
  readonly ssim: Value;
  /** The contrast-structure term `(2σxy + C2) / (σx² + σy² + C2)`, which MS-SSIM uses at its finer scales. */
  readonly cs: Value;
}

/**
 * The contrast-structure map `cs = (2σxy + C2) / (σx² + σy² + C2)` with the local statistics it
 * comes from and its denominator `B2`, kept for closed-form gradients.
 */
export interface ContrastStructureTerms {
  readonly cs: Value;
  readonly b2: Value;
  readonly statistics: LocalStatistics;
}

/** The SSIM map with its terms: `S = l · cs`, the luminance term `l` and its denominator `B1 = μx² + μy² + C1`. */
export interface SsimTerms extends ContrastStructureTerms {
  readonly ssim: Value;
  readonly luminance: Value;
  readonly b1: Value;
}

/** The contrast-structure map of local statistics, in their layout: MS-SSIM's term at its finer scales. */
export function contrastStructureTerms(g: GraphBuilder, statistics: LocalStatistics, settings: SsimSettings): ContrastStructureTerms {
  const { cx, cy, exx, eyy, exy } = statistics;
  const { c2 } = ssimConstants(settings);
  // σxy = E[x'y'] - μx'μy' and σ² = E[x'²] - μx'²: the population (co)variances.
  const covariance = g.add(g.mul(g.sub(exy, g.mul(cx, cy)), 2), c2);
  const b2 = g.add(g.sub(g.add(exx, eyy), g.add(g.mul(cx, cx), g.mul(cy, cy))), c2);
  return { cs: g.div(covariance, b2), b2, statistics };
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
