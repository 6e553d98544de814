import { type Float64Tensor, checkClassWeights } from '@losskit/core';
import type { MultiMarginSettings } from './graph';

/** PyTorch's multi-class margin loss in float64: `w_y Σ_{i ≠ y} max(0, margin - x_y + x_i)^p / C` per sample. */
export function multiMarginReference(scores: Float64Tensor, target: Float64Tensor, { p, margin, classWeights }: MultiMarginSettings): Float64Tensor {
  const [samples, classes] = scores.dims as [number, number];
  checkClassWeights(classWeights, classes, 1);
  const out = new Float64Array(samples);
  for (let n = 0; n < samples; n++) {
    const y = target.data[n]!;
    const labelScore = scores.data[n * classes + y]!;
    let sum = 0;
    for (let i = 0; i < classes; i++) {
      if (i === y) continue;
      sum += Math.max(0, margin - labelScore + scores.data[n * classes + i]!) ** p;
    }
    out[n] = ((classWeights?.[y] ?? 1) * sum) / classes;
  }
  return { data: out, dims: [samples] };
}
