import { InvalidInputError, formatDims } from '@losskit/core';

/** The sizes of a prediction `[..., H, W]`: its image height and width, and how many images. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
  /** The product of the leading dims: one loss value per image (`N·C` for `[N, C, H, W]`). */
  readonly images: number;
  /** The leading dims, the dims of the elementwise loss. */
  readonly leading: readonly number[];
}

/**
 * Checks that `dims` end in an image of at least 2 × 2 (a difference needs two neighbours in
 * each direction) and returns its sizes; an `InvalidInputError` naming `prediction.dims` otherwise.
 */
export function imageSize(dims: readonly number[]): ImageSize {
  const height = dims.at(-2);
  const width = dims.at(-1);
  if (height === undefined || width === undefined || height < 2 || width < 2) {
    throw new InvalidInputError('prediction.dims', '[..., H, W] with H >= 2 and W >= 2: images, e.g. [N, C, H, W]', formatDims(dims));
  }
  const leading = dims.slice(0, -2);
  return { height, width, images: leading.reduce((n, d) => n * d, 1), leading };
}
