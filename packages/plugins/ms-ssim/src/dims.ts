import { checkImageDims } from '@losskit/loss-ssim';

/** The number of scales of MS-SSIM: the images are halved four times. */
export const SCALES = 5;

/**
 * The smallest height and width MS-SSIM takes for a window of `windowSize`: pytorch-msssim's
 * `min(H, W) > (w - 1) · 2⁴`. Each halving takes a side `s` to `⌈s / 2⌉`, so the coarsest scale
 * is `⌈s / 16⌉` pixels, at least one window exactly when `s >= (w - 1) · 16 + 1`.
 */
export function minimumSide(windowSize: number): number {
  return (windowSize - 1) * 2 ** (SCALES - 1) + 1;
}

/** Checks that `dims` are images `[N, C, H, W]` large enough for five scales of `windowSize` windows, and returns them. */
export function checkMsSsimDims(dims: readonly number[], windowSize: number): readonly number[] {
  return checkImageDims(dims, minimumSide(windowSize), `for windowSize ${windowSize} (MS-SSIM halves them four times and needs one window at the coarsest scale)`);
}
