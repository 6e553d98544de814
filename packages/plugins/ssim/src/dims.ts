import { InvalidInputError, type LossInputSpecs, formatDims } from '@losskit/core';

/**
 * Checks that `dims` are images `[N, C, H, W]` whose height and width are at least `minSide`
 * (`requirement` says why, e.g. `for windowSize 11`), and returns them. Throws
 * `InvalidInputError` on `prediction.dims` otherwise: the sessions call it through the target's
 * dims rule before any run, and the graph and reference call it too.
 */
export function checkImageDims(dims: readonly number[], minSide: number, requirement: string): readonly number[] {
  const expected = `images [N, C, H, W] with height and width >= ${minSide} ${requirement}`;
  if (dims.length !== 4) {
    throw new InvalidInputError('prediction.dims', expected, `${formatDims(dims)}, of rank ${dims.length}`, dims.length === 3 ? 'Give one channel a channel axis: [N, 1, H, W]' : undefined);
  }
  const [, , height, width] = dims as [number, number, number, number];
  if (Math.min(height, width) < minSide) {
    throw new InvalidInputError('prediction.dims', expected, `${formatDims(dims)}, whose ${height < minSide ? `height ${height}` : `width ${width}`} is below ${minSide}`);
  }
  return dims;
}

/** `checkImageDims` for SSIM itself: every side at least one window. */
export function checkSsimDims(dims: readonly number[], windowSize: number): readonly number[] {
  return checkImageDims(dims, windowSize, `for windowSize ${windowSize}`);
}

/**
 * The inputs of an image-structure loss: one float `target` with the prediction's dims, whose
 * dims rule first checks the prediction with `check` (so bad dims are refused before any run,
 * naming `prediction.dims`).
 */
export function imageTarget(check: (dims: readonly number[]) => readonly number[]): LossInputSpecs {
  return { target: { type: 'float', dims: check, description: "the images to compare with, with the prediction's dims" } };
}
