import type { Float64Tensor } from '@losskit/core';

/**
 * Smooth L1 in float64, as PyTorch defines it: `z = |p - t|`, `z < β ? z² / (2β) : z - β / 2`
 * (with `β = 0` no `z` is below it, so the loss is `z`).
 */
export function smoothL1Reference(prediction: Float64Tensor, target: Float64Tensor, beta: number): Float64Tensor {
  const data = prediction.data.map((p, i) => {
    const z = Math.abs(p - target.data[i]!);
    return z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
  });
  return { data, dims: prediction.dims };
}
