import type { Float64Inputs, Float64Tensor } from '@losskit/core';
import type { TripletMarginSettings } from './options';

/** `(Σ_k |x_k - y_k + eps|^p)^(1/p)` over one row of `size` values starting at `start`. */
function distance(x: Float64Array, y: Float64Array, start: number, size: number, p: number, eps: number): number {
  let sum = 0;
  for (let k = start; k < start + size; k++) sum += Math.abs(x[k]! - y[k]! + eps) ** p;
  return sum ** (1 / p);
}

/** Triplet margin loss in float64, triplet by triplet, from PyTorch's definition. */
export function tripletMarginReference(anchor: Float64Tensor, inputs: Float64Inputs, { margin, p, eps, swap }: TripletMarginSettings): Float64Tensor {
  const positive = inputs.positive!.data;
  const negative = inputs.negative!.data;
  const size = anchor.dims.at(-1)!;
  const dims = anchor.dims.slice(0, -1);
  const data = new Float64Array(anchor.data.length / size).map((_, n) => {
    const start = n * size;
    const toPositive = distance(anchor.data, positive, start, size, p, eps);
    let toNegative = distance(anchor.data, negative, start, size, p, eps);
    if (swap) toNegative = Math.min(toNegative, distance(positive, negative, start, size, p, eps));
    return Math.max(0, margin + toPositive - toNegative);
  });
  return { data, dims };
}
