import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_USE, EPSILON } from './graph';

/** MAPE in float64, from Keras's formula: `100 mean(|(t - p) / max(|t|, ε)|, axis=-1)`. */
export function mapeReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, [-1], AXIS_USE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => (100 * ix.reduce((sum, i) => sum + Math.abs((t[i]! - p[i]!) / Math.max(Math.abs(t[i]!), EPSILON)), 0)) / ix.length);
}
