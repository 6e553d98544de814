import type { Float64Tensor } from '@losskit/core';

/** PyTorch's hinge embedding loss in float64: `x` for label 1, `max(0, margin - x)` for label -1. */
export function hingeEmbeddingReference(prediction: Float64Tensor, target: Float64Tensor, margin: number): Float64Tensor {
  const data = prediction.data.map((x, i) => (target.data[i]! === 1 ? x : Math.max(0, margin - x)));
  return { data, dims: prediction.dims };
}
