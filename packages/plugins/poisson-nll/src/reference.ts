import type { Float64Tensor } from '@losskit/core';
import type { PoissonNllSettings } from './options';

/** Poisson NLL in float64, PyTorch's formula: the log-rate or rate form, plus Stirling's term for targets above 1 with `full`. */
export function poissonNllReference(prediction: Float64Tensor, target: Float64Tensor, settings: PoissonNllSettings): Float64Tensor {
  const data = prediction.data.map((x, i) => {
    const t = target.data[i]!;
    const nll = settings.logInput ? Math.exp(x) - t * x : x - t * Math.log(x + settings.epsilon);
    const stirling = settings.full && t > 1 ? t * Math.log(t) - t + 0.5 * Math.log(2 * Math.PI * t) : 0;
    return nll + stirling;
  });
  return { data, dims: prediction.dims };
}
