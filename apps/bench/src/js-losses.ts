/**
 * The four benchmarked losses as plain float32 JavaScript loops (mean reduction, value and
 * gradient in one pass): what a hand-written loss costs without any library.
 */

import { LUMA_STANDARDS } from '@losskit/core';

/** BT.601 luma weights, as `luma()` uses by default. */
const LUMA = LUMA_STANDARDS.bt601;

export type LossName = 'l1' | 'mse' | 'bce' | 'luma';

/** Computes mean loss and writes d loss / d prediction into `grad`; `plane` is h*w for luma (NCHW, C = 3). */
export function jsLoss(name: LossName, p: Float32Array, t: Float32Array, grad: Float32Array, plane = 0): number {
  const n = p.length;
  let sum = 0;
  if (name === 'l1') {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      const d = p[i]! - t[i]!;
      sum += Math.abs(d);
      grad[i] = d > 0 ? s : d < 0 ? -s : 0;
    }
    return sum / n;
  }
  if (name === 'mse') {
    const s = 2 / n;
    for (let i = 0; i < n; i++) {
      const d = p[i]! - t[i]!;
      sum += d * d;
      grad[i] = s * d;
    }
    return sum / n;
  }
  if (name === 'bce') {
    // Stable logits form: max(x, 0) - x y + log1p(exp(-|x|)); gradient sigmoid(x) - y.
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      const x = p[i]!;
      const y = t[i]!;
      sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      grad[i] = s * (1 / (1 + Math.exp(-x)) - y);
    }
    return sum / n;
  }
  // luma: L1 between the luma planes of NCHW images with 3 channels.
  const images = n / (3 * plane);
  const s = 1 / (images * plane);
  for (let b = 0; b < images; b++) {
    const r = b * 3 * plane;
    for (let k = 0; k < plane; k++) {
      const i = r + k;
      const j = i + plane;
      const l = j + plane;
      const d = LUMA[0] * (p[i]! - t[i]!) + LUMA[1] * (p[j]! - t[j]!) + LUMA[2] * (p[l]! - t[l]!);
      sum += Math.abs(d);
      const g = d > 0 ? s : d < 0 ? -s : 0;
      grad[i] = LUMA[0] * g;
      grad[j] = LUMA[1] * g;
      grad[l] = LUMA[2] * g;
    }
  }
  return sum * s;
}
