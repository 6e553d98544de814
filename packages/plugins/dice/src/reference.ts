import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_SOURCE, EPSILON } from './graph';

/** Dice in float64, from Keras's formula: `1 - 2 Σ t p / (Σ t + Σ p + ε)` over `axis`. */
export function diceReference(prediction: Float64Tensor, target: Float64Tensor, axis: readonly number[] | undefined): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, axis, AXIS_SOURCE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => {
    let [overlap, total] = [0, 0];
    for (const i of ix) {
      overlap += t[i]! * p[i]!;
      total += t[i]! + p[i]!;
    }
    return 1 - (2 * overlap) / (total + EPSILON);
  });
}
