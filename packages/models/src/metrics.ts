import { LUMA_STANDARDS } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';

/** Reconstruction quality on held-out images, per the seed experiment's notion of "equal". */
export interface ReconstructionMetrics {
  /** Peak signal-to-noise ratio over all channels, in dB (images in [0, 1]). */
  readonly psnr: number;
  /** Mean absolute error of each color channel. */
  readonly mae: { readonly r: number; readonly g: number; readonly b: number };
  /** Mean absolute error of luma (BT.601), what a luma loss compares. */
  readonly lumaMae: number;
}

const BT601 = LUMA_STANDARDS.bt601;

/**
 * Metrics of `predicted` against `original`, both NCHW RGB in [0, 1]. Predictions are clamped to
 * [0, 1] first, as they would be when shown.
 */
export function reconstructionMetrics(original: Float32Array, predicted: Float32Array, dims: readonly number[]): ReconstructionMetrics {
  const [n, c, h, w] = dims as [number, number, number, number];
  if (c !== 3) throw new InvalidInputError('dims[1]', '3 (RGB channels)', c);
  const plane = h * w;
  const channelError = [0, 0, 0];
  let squared = 0;
  let luma = 0;
  for (let image = 0; image < n; image++) {
    const base = image * 3 * plane;
    for (let p = 0; p < plane; p++) {
      let yOriginal = 0;
      let yPredicted = 0;
      for (let channel = 0; channel < 3; channel++) {
        const index = base + channel * plane + p;
        const o = original[index]!;
        const q = Math.min(1, Math.max(0, predicted[index]!));
        channelError[channel]! += Math.abs(q - o);
        squared += (q - o) ** 2;
        yOriginal += BT601[channel]! * o;
        yPredicted += BT601[channel]! * q;
      }
      luma += Math.abs(yPredicted - yOriginal);
    }
  }
  const pixels = n * plane;
  const mse = squared / (pixels * 3);
  return {
    psnr: mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(1 / mse),
    mae: { r: channelError[0]! / pixels, g: channelError[1]! / pixels, b: channelError[2]! / pixels },
    lumaMae: luma / pixels,
  };
}
