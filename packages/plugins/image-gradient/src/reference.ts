import type { Float64Tensor } from '@losskit/core';
import { imageDims } from './inputs';

/**
 * The image gradient loss per pixel in float64: `W/(W-1) |Δₕp - Δₕt| + H/(H-1) |Δᵥp - Δᵥt|`, each
 * term 0 past the last column or row. Differences of `p` and `t` taken apart, not of `p - t`.
 */
export function imageGradientReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const dims = imageDims(prediction.dims);
  const height = dims.at(-2)!;
  const width = dims.at(-1)!;
  const p = prediction.data;
  const t = target.data;
  const data = new Float64Array(p.length);
  for (let base = 0; base < p.length; base += height * width) {
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const k = base + i * width + j;
        const horizontal = j + 1 < width ? Math.abs(p[k + 1]! - p[k]! - (t[k + 1]! - t[k]!)) : 0;
        const vertical = i + 1 < height ? Math.abs(p[k + width]! - p[k]! - (t[k + width]! - t[k]!)) : 0;
        data[k] = (width / (width - 1)) * horizontal + (height / (height - 1)) * vertical;
      }
    }
  }
  return { data, dims };
}
