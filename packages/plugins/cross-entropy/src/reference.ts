import { type ClassTargetSettings, type Float64Tensor, classLayout, referenceClassCoefficients, resolveClassAxis } from '@losskit/core';

/** Cross-entropy in float64: `-Σ_c b_c log softmax(x)_c`, the log-softmax through log-sum-exp. */
export function crossEntropyReference(logits: Float64Tensor, target: Float64Tensor, settings: ClassTargetSettings): Float64Tensor {
  const { outer, classes, inner } = classLayout(logits.dims, settings.classAxis);
  const b = referenceClassCoefficients(logits.dims, target, settings);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => o * classes * inner + c * inner + i;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits.data[at(c)]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits.data[at(c)]! - max);
      const logSumExp = max + Math.log(sum);
      let loss = 0;
      for (let c = 0; c < classes; c++) if (b[at(c)] !== 0) loss -= b[at(c)]! * (logits.data[at(c)]! - logSumExp);
      out[o * inner + i] = loss;
    }
  }
  const axis = resolveClassAxis(logits.dims, settings.classAxis);
  return { data: out, dims: logits.dims.filter((_, k) => k !== axis) };
}
