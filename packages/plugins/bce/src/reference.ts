import { type Float64Tensor, broadcastTo } from '@losskit/core';
import { type BceSettings, LOG_CLAMP } from './settings';

/** posWeight per target element, or undefined without one. */
function posWeights(settings: BceSettings, dims: readonly number[]): ArrayLike<number> | undefined {
  const { posWeight } = settings;
  if (posWeight === undefined) return undefined;
  if (typeof posWeight === 'number') return new Float64Array(dims.reduce((n, d) => n * d, 1)).fill(posWeight);
  return broadcastTo({ data: Float64Array.from(posWeight.data), dims: posWeight.dims }, dims);
}

/** The unreduced binary cross-entropy in float64, written from the formulas, not the graph. */
export function bceReference(prediction: Float64Tensor, target: Float64Tensor, settings: BceSettings): Float64Tensor {
  const { fromLogits, labelSmoothing: s, epsilon } = settings;
  const weights = posWeights(settings, target.dims);
  const log = (v: number) => (epsilon === undefined ? Math.max(Math.log(v), LOG_CLAMP) : Math.log(v + epsilon));
  const data = prediction.data.map((x, i) => {
    const y = target.data[i]! * (1 - s) + s / 2;
    const w = weights?.[i];
    if (fromLogits) {
      const softplusOfMinusAbs = Math.log1p(Math.exp(-Math.abs(x)));
      if (w === undefined) return Math.max(x, 0) - x * y + softplusOfMinusAbs;
      return (1 - y) * x + (1 + (w - 1) * y) * (softplusOfMinusAbs + Math.max(-x, 0));
    }
    return 0 - ((w ?? 1) * y * log(x) + (1 - y) * log(1 - x));
  });
  return { data, dims: prediction.dims };
}
