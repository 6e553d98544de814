import type { GraphBuilder, Value } from '@losskit/core';
import { type SsimSettings, type SsimTerms, contrastStructureStatisticsGradient, ssimStatisticsGradient, statisticsGradientToImage } from '@losskit/loss-ssim';
import { type MsSsimPass, halveAdjoint } from './graph';

/**
 * d(Σ dValue · MS-SSIM) / d prediction, closed-form, in the `[1, P, H, W]` layout, for
 * `dValue` `[1, P]`. With `V = Π t_k^w_k` and `t_k = relu(m_k)`, `m_k` the mean of scale k's map:
 * `∂V/∂m_k = w_k V / t_k` where `m_k > 0`, else 0 (as PyTorch's ReLU passes none; the masked
 * branch may be infinite or NaN, which `Where` drops). Each map's gradient, `∂V/∂m_k` over its
 * positions, goes to that scale's images through SSIM's or cs's closed form
 * (`@losskit/loss-ssim`), and each scale's image gradient reaches the prediction through the
 * adjoints of the poolings before it, coarsest first.
 */
export function msSsimGradient(g: GraphBuilder, pass: MsSsimPass, dValue: Value, settings: SsimSettings, weights: readonly number[]): Value {
  const last = pass.scales.length - 1;
  let gradient: Value | undefined;
  for (let k = last; k >= 0; k--) {
    const { height, width, terms, mean, term } = pass.scales[k]!;
    const dMean = g.where(g.greater(mean, 0), g.div(g.mul(dValue, g.mul(pass.value, weights[k]!)), term), 0);
    const positions = terms.cs.shape[2]! * terms.cs.shape[3]!;
    const dMap = g.unsqueeze(g.div(dMean, positions), [2, 3]);
    const statistics = k === last ? ssimStatisticsGradient(g, terms as SsimTerms, dMap) : contrastStructureStatisticsGradient(g, terms, dMap);
    const here = statisticsGradientToImage(g, terms.statistics, statistics, settings);
    gradient = gradient ? g.add(here, halveAdjoint(g, gradient, height, width)) : here;
  }
  return gradient!;
}
