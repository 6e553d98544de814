import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_SOURCE, EPSILON } from './graph';

/**
 * Cosine similarity loss in float64, from Keras's formula: `-Σ normalize(t) normalize(p)` along
 * `axis`, with `normalize(x) = x / max(‖x‖, ε)`.
 */
export function cosineSimilarityReference(prediction: Float64Tensor, target: Float64Tensor, axis: number): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, [axis], AXIS_SOURCE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => {
    const norm = (x: Float64Array) => Math.max(Math.sqrt(ix.reduce((sum, i) => sum + x[i]! ** 2, 0)), EPSILON);
    const [np, nt] = [norm(p), norm(t)];
    return -ix.reduce((sum, i) => sum + (t[i]! / nt) * (p[i]! / np), 0);
  });
}
