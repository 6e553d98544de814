import type { Float64Tensor } from '@losskit/core';

/** `log(1 + exp(-y x))` in float64, as `max(z, 0) + log1p(exp(-|z|))` with `z = -y x`. */
export function softMarginReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const data = prediction.data.map((x, i) => {
    const z = -target.data[i]! * x;
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  });
  return { data, dims: prediction.dims };
}
