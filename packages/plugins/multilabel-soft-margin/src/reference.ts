import { type Float64Tensor, checkClassWeights } from '@losskit/core';

/** `log(1 + exp(z))` in float64 without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * PyTorch's multi-label soft margin loss in float64, from its formula: for each sample,
 * `-Σ_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c)) / C`, classes on the last axis.
 */
export function multilabelReference(logits: Float64Tensor, target: Float64Tensor, classWeights: readonly number[] | undefined): Float64Tensor {
  const classes = logits.dims.at(-1)!;
  checkClassWeights(classWeights, classes, -1);
  const out = new Float64Array(logits.data.length / classes);
  for (let n = 0; n < out.length; n++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const x = logits.data[n * classes + c]!;
      const y = target.data[n * classes + c]!;
      // -log sigmoid(x) = softplus(-x); -log sigmoid(-x) = softplus(x).
      sum += (classWeights?.[c] ?? 1) * (y * softplus(-x) + (1 - y) * softplus(x));
    }
    out[n] = sum / classes;
  }
  return { data: out, dims: logits.dims.slice(0, -1) };
}
