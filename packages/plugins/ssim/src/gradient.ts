import type { GraphBuilder, Value } from '@losskit/core';
import { gaussianFilterAdjoint } from './filter';
import type { ContrastStructureTerms, SsimTerms } from './terms';
import type { SsimSettings } from './options';
import type { LocalStatistics } from './statistics';
import { gaussianWindow } from './window';

/**
 * The gradient of an objective with respect to the local statistics of `x` a map is computed
 * from: `μx'`, `E[x'²]` and `E[x'y']` (see `LocalStatistics`), each with the map's dims. The
 * plane means need none: SSIM and its terms do not change with them.
 */
export interface StatisticsGradient {
  readonly mean: Value;
  readonly square: Value;
  readonly product: Value;
}

/**
 * SSIM's, for the objective's gradient `dSsim` with respect to the SSIM map (any dims that
 * broadcast to it). With `S = l · cs`, `l = A1 / B1`, `cs = A2 / B2` and `μx = μx' + a`:
 * `∂S/∂μx' = 2 cs (μy - l μx) / B1 + 2 l (cs μx' - μy') / B2`, `∂S/∂E[x'²] = -S / B2`,
 * `∂S/∂E[x'y'] = 2 l / B2`.
 */
export function ssimStatisticsGradient(g: GraphBuilder, terms: SsimTerms, dSsim: Value): StatisticsGradient {
  const { ssim, cs, luminance, b1, b2, statistics } = terms;
  const { mx, my, cx, cy } = statistics;
  const mean = g.mul(
    dSsim,
    g.add(
      g.div(g.mul(g.mul(cs, 2), g.sub(my, g.mul(luminance, mx))), b1),
      g.div(g.mul(g.mul(luminance, 2), g.sub(g.mul(cs, cx), cy)), b2),
    ),
  );
  return { mean, square: g.neg(g.div(g.mul(dSsim, ssim), b2)), product: g.div(g.mul(g.mul(dSsim, luminance), 2), b2) };
}

/**
 * The contrast-structure map's, for the objective's gradient `dCs` with respect to it (any dims
 * that broadcast to it): `∂cs/∂μx' = 2 (cs μx' - μy') / B2`, `∂cs/∂E[x'²] = -cs / B2`,
 * `∂cs/∂E[x'y'] = 2 / B2`.
 */
export function contrastStructureStatisticsGradient(g: GraphBuilder, terms: ContrastStructureTerms, dCs: Value): StatisticsGradient {
  const { cs, b2, statistics } = terms;
  const scaled = g.div(dCs, b2);
  return {
    mean: g.mul(g.mul(scaled, 2), g.sub(g.mul(cs, statistics.cx), statistics.cy)),
    square: g.neg(g.mul(scaled, cs)),
    product: g.mul(scaled, 2),
  };
}

/**
 * The gradient with respect to `x` (`[1, P, H, W]`) from the gradient with respect to its local
 * statistics: `F*(d μx') + 2 x' F*(d E[x'²]) + y' F*(d E[x'y'])`, where `F*`, the window filter's
 * adjoint, spreads each value back over the pixels its window covers. The three adjoint filters
 * run as one pair of Convs over the three maps stacked, where autodiff would spread all five
 * statistics back through ConvTransposes.
 */
export function statisticsGradientToImage(g: GraphBuilder, statistics: LocalStatistics, gradient: StatisticsGradient, settings: SsimSettings): Value {
  const { x, y } = statistics;
  const planes = x.shape[1]!;
  const stacked = g.concat([gradient.mean, gradient.square, gradient.product], 1);
  const spread = gaussianFilterAdjoint(g, stacked, gaussianWindow(settings.windowSize, settings.sigma));
  const [fromMean, fromSquare, fromProduct] = g.split(spread, [planes, planes, planes], 1) as [Value, Value, Value];
  return g.add(g.add(fromMean, g.mul(g.mul(fromSquare, x), 2)), g.mul(fromProduct, y));
}
