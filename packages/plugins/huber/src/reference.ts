import type { Float64Tensor } from '@losskit/core';

/** Huber loss in float64, as PyTorch defines it: `z = |p - t|`, `z < δ ? z² / 2 : δ (z - δ / 2)`. */
export function huberReference(prediction: Float64Tensor, target: Float64Tensor, delta: number): Float64Tensor {
  const data = prediction.data.map((p, i) => {
    const z = Math.abs(p - target.data[i]!);
    return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
  });
  return { data, dims: prediction.dims };
}
