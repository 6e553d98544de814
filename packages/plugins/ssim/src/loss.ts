import type { GraphBuilder, LossImplementation, Value } from '@losskit/core';
import { checkSsimDims, imageTarget } from './dims';
import { asPlanes } from './filter';
import { ssimStatisticsGradient, statisticsGradientToImage } from './gradient';
import { localStatistics } from './statistics';
import { type SsimTerms, ssimTerms } from './terms';
import type { SsimSettings } from './options';
import { ssimReferenceMaps } from './reference';

/** One forward pass: its target and the SSIM terms. */
interface Forward {
  readonly target: Value;
  readonly terms: SsimTerms;
}

/** The dims of the SSIM map of images `dims`: `[N, C, H - w + 1, W - w + 1]`. */
function validDims(dims: readonly number[], windowSize: number): number[] {
  const [n, c, height, width] = dims as [number, number, number, number];
  return [n, c, height - windowSize + 1, width - windowSize + 1];
}

/**
 * The implementation of `ssim` for one set of options: the loss map `1 - SSIM`, its closed-form
 * gradient, which reuses the forward pass's terms (kept per prediction value, so one plugin
 * applied to several predictions in a graph keeps each), and the float64 reference.
 */
export function ssimLoss(settings: SsimSettings): LossImplementation {
  const forward = new WeakMap<Value, Forward>();
  const emit = (g: GraphBuilder, prediction: Value, target: Value): Forward => {
    checkSsimDims(prediction.shape, settings.windowSize);
    return { target, terms: ssimTerms(g, localStatistics(g, asPlanes(g, prediction), asPlanes(g, target), settings), settings) };
  };
  return {
    inputs: imageTarget((dims) => checkSsimDims(dims, settings.windowSize)),
    elementwise: (g, prediction, target) => {
      const pass = emit(g, prediction, target);
      forward.set(prediction, pass);
      return g.reshape(g.sub(1, pass.terms.ssim), validDims(prediction.shape, settings.windowSize));
    },
    gradient: (g, prediction, target, dLoss) => {
      const kept = forward.get(prediction);
      const { terms } = kept?.target === target ? kept : emit(g, prediction, target);
      const dSsim = g.neg(g.reshape(dLoss, terms.ssim.shape));
      return g.reshape(statisticsGradientToImage(g, terms.statistics, ssimStatisticsGradient(g, terms, dSsim), settings), prediction.shape);
    },
    reference: (prediction, target) => {
      const { ssim: map } = ssimReferenceMaps(prediction, target, settings);
      return { data: map.data.map((v) => 1 - v), dims: map.dims };
    },
  };
}
