import type { Float64Tensor } from '@losskit/core';

/** Pointwise KL in float64: `t (log t - x)` with `0 log 0 = 0`, or `exp(t) (t - x)` for log targets. */
export function klDivReference(logProbabilities: Float64Tensor, target: Float64Tensor, logTarget: boolean): Float64Tensor {
  const data = logProbabilities.data.map((x, i) => {
    const t = target.data[i]!;
    if (logTarget) return Math.exp(t) * (t - x);
    return t === 0 ? 0 : t * (Math.log(t) - x);
  });
  return { data, dims: logProbabilities.dims };
}
