import type { Float64Tensor } from '@losskit/core';

/** The Charbonnier loss in float64: `√((p - t)² + ε²)` per element. */
export function charbonnierReference(prediction: Float64Tensor, target: Float64Tensor, epsilon: number): Float64Tensor {
  const data = prediction.data.map((p, i) => {
    const d = p - target.data[i]!;
    return Math.sqrt(d * d + epsilon * epsilon);
  });
  return { data, dims: prediction.dims };
}
