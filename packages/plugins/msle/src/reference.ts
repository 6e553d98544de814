import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_USE, EPSILON } from './graph';

/** `log(max(x, ε) + 1)` in float64. */
function logOfClipped(x: number): number {
  return Math.log(Math.max(x, EPSILON) + 1);
}

/** MSLE in float64, from Keras's formula: `mean((log(max(p, ε) + 1) - log(max(t, ε) + 1))^2, axis=-1)`. */
export function msleReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, [-1], AXIS_USE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => ix.reduce((sum, i) => sum + (logOfClipped(p[i]!) - logOfClipped(t[i]!)) ** 2, 0) / ix.length);
}
