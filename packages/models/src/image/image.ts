import { type HostTensor, InvalidInputError } from '@losskit/graph';

/** One image, planar CHW: `dims` is `[channels, height, width]`, values in `[0, 1]`. */
export interface ChwImage extends HostTensor {
  readonly dims: readonly [number, number, number];
}

/** Checks that `image` is a CHW image whose data length matches its dims; returns `[c, h, w]`. */
export function checkChwImage(image: ChwImage, argument: string): [number, number, number] {
  const dims = image?.dims;
  if (!Array.isArray(dims) || dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new InvalidInputError(`${argument}.dims`, '[channels, height, width] of positive integers', dims);
  }
  const [c, h, w] = dims as [number, number, number];
  if (!(image.data instanceof Float32Array) || image.data.length !== c * h * w) {
    throw new InvalidInputError(`${argument}.data`, `a Float32Array of ${c * h * w} values (${c}x${h}x${w})`, image.data);
  }
  return [c, h, w];
}
