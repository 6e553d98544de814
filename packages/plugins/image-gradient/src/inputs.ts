import { InvalidInputError, type LossInputSpecs, formatDims } from '@losskit/core';

/**
 * The prediction's dims, after checking they end in images of at least 2 × 2 (a difference needs
 * two neighbours in each direction); an `InvalidInputError` naming `prediction.dims` otherwise.
 */
export function imageDims(dims: readonly number[]): readonly number[] {
  const height = dims.at(-2);
  const width = dims.at(-1);
  if (height === undefined || width === undefined || height < 2 || width < 2) {
    throw new InvalidInputError('prediction.dims', '[..., H, W] with H >= 2 and W >= 2: images, e.g. [N, C, H, W]', formatDims(dims));
  }
  return dims;
}

/** One float target with the prediction's dims, which must be images. */
export const imageGradientInputs: LossInputSpecs = {
  target: { type: 'float', dims: imageDims, description: "the images the prediction should equal, with its dims [..., H, W]" },
};
