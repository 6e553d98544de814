import { type Float64Tensor, type ResolvedOptions, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_SOURCE, EPSILON } from './graph';
import type { TverskySchema } from './options';

/** Tversky in float64, from Keras's formula: `1 - TP / (TP + α FP + β FN + ε)` over `axis`. */
export function tverskyReference(prediction: Float64Tensor, target: Float64Tensor, { alpha, beta, axis }: ResolvedOptions<TverskySchema>): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, axis, AXIS_SOURCE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => {
    let [tp, fp, fn] = [0, 0, 0];
    for (const i of ix) {
      tp += t[i]! * p[i]!;
      fp += (1 - t[i]!) * p[i]!;
      fn += t[i]! * (1 - p[i]!);
    }
    return 1 - tp / (tp + alpha * fp + beta * fn + EPSILON);
  });
}
