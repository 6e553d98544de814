import { type Float64Tensor, referenceReduceAxes, referenceSignedLabels, resolveAxes } from '@losskit/core';
import { AXIS_USE } from './graph';

/** Hinge in float64, from Keras's formula: `mean(max(1 - y p, 0), axis=-1)` with signed labels `y`. */
export function hingeReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const p = prediction.data;
  const y = referenceSignedLabels(target.data);
  const axes = resolveAxes(prediction.dims, [-1], AXIS_USE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => ix.reduce((sum, i) => sum + Math.max(1 - y[i]! * p[i]!, 0), 0) / ix.length);
}
