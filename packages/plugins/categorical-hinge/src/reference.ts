import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_USE } from './graph';

/**
 * Categorical hinge in float64, from Keras's formula: `max(neg - pos + 1, 0)` with
 * `pos = Σ t p` and `neg = max((1 - t) p)` over the last axis.
 */
export function categoricalHingeReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, [-1], AXIS_USE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => {
    let pos = 0;
    let neg = -Infinity;
    for (const i of ix) {
      pos += t[i]! * p[i]!;
      neg = Math.max(neg, (1 - t[i]!) * p[i]!);
    }
    return Math.max(neg - pos + 1, 0);
  });
}
