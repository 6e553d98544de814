import { type ClassTargetSettings, type Float64Tensor, classLayout, referenceClassCoefficients, resolveClassAxis } from '@losskit/core';

/** NLL in float64: `-Σ_c b_c x_c` at each position, `b` the (smoothed, weighted) target. */
export function nllReference(logProbabilities: Float64Tensor, target: Float64Tensor, settings: ClassTargetSettings): Float64Tensor {
  const { outer, classes, inner } = classLayout(logProbabilities.dims, settings.classAxis);
  const b = referenceClassCoefficients(logProbabilities.dims, target, settings);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let loss = 0;
      for (let c = 0; c < classes; c++) {
        const at = o * classes * inner + c * inner + i;
        loss -= b[at]! * logProbabilities.data[at]!;
      }
      out[o * inner + i] = loss;
    }
  }
  const axis = resolveClassAxis(logProbabilities.dims, settings.classAxis);
  return { data: out, dims: logProbabilities.dims.filter((_, k) => k !== axis) };
}
