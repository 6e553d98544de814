import type { Float64Tensor } from '@losskit/core';
import { EPSILON } from './graph';

/** Cosine embedding loss in float64, pair by pair: `1 - cos` for target 1, `max(0, cos - margin)` for -1. */
export function cosineEmbeddingReference(x1: Float64Tensor, x2: Float64Tensor, target: Float64Tensor, margin: number): Float64Tensor {
  const size = x1.dims.at(-1)!;
  const data = target.data.map((y, n) => {
    let dot = 0;
    let norm1 = EPSILON;
    let norm2 = EPSILON;
    for (let k = n * size; k < (n + 1) * size; k++) {
      dot += x1.data[k]! * x2.data[k]!;
      norm1 += x1.data[k]! ** 2;
      norm2 += x2.data[k]! ** 2;
    }
    const cos = dot / Math.sqrt(norm1 * norm2);
    return y === 1 ? 1 - cos : Math.max(0, cos - margin);
  });
  return { data, dims: target.dims };
}
