import type { Float64Inputs, Float64Tensor } from '@losskit/core';
import type { GaussianNllSettings } from './options';

/**
 * Gaussian NLL in float64, PyTorch's formula: `(log max(σ², ε) + (p - t)² / max(σ², ε)) / 2`
 * (+ `log(2π) / 2` with `full`), a shared variance `[..., 1]` read once per row.
 */
export function gaussianNllReference(prediction: Float64Tensor, target: Float64Tensor, inputs: Float64Inputs, settings: GaussianNllSettings): Float64Tensor {
  const variance = inputs.variance!;
  const last = prediction.dims.at(-1) ?? 1;
  const perRow = variance.data.length !== prediction.data.length;
  const constant = settings.full ? 0.5 * Math.log(2 * Math.PI) : 0;
  const data = prediction.data.map((p, i) => {
    const v = Math.max(variance.data[perRow ? Math.floor(i / last) : i]!, settings.epsilon);
    const d = p - target.data[i]!;
    return 0.5 * (Math.log(v) + (d * d) / v) + constant;
  });
  return { data, dims: prediction.dims };
}
