import { unzlibSync } from 'fflate';
import type { ClassLabelledImages } from '../class-labels';
import { DIGITS_COUNT, DIGITS_ZLIB_BASE64 } from './digits-data';

/** Side of a digit image in pixels. */
const SIDE = 8;
/** The largest pixel value: each pixel counts the set pixels of a 4x4 block of a 32x32 bitmap. */
const MAX_PIXEL = 16;

/** The decompressed bytes: `count * 64` pixels (0..16), then `count` labels (0..9). */
export function digitsBytes(): Uint8Array {
  const binary = atob(DIGITS_ZLIB_BASE64);
  const compressed = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) compressed[i] = binary.charCodeAt(i);
  return unzlibSync(compressed);
}

/**
 * The 1797 handwritten digits of the UCI "Optical Recognition of Handwritten Digits" test set
 * (E. Alpaydin, C. Kaynak; CC BY 4.0), the copy scikit-learn ships as `load_digits()`, bundled
 * with this package: nothing is downloaded. Images are `[1797, 1, 8, 8]`, each pixel the count of
 * set pixels in a 4x4 block of a 32x32 bitmap divided by 16, so in `[0, 1]`; labels are the
 * digits 0 to 9 in an `Int32Array`, 174 to 183 of each, in the data set's order.
 */
export function digits(): ClassLabelledImages {
  const bytes = digitsBytes();
  const plane = SIDE * SIDE;
  const images = new Float32Array(DIGITS_COUNT * plane);
  for (let i = 0; i < images.length; i++) images[i] = bytes[i]! / MAX_PIXEL;
  const labels = Int32Array.from(bytes.subarray(DIGITS_COUNT * plane));
  return { images: { data: images, dims: [DIGITS_COUNT, 1, SIDE, SIDE] }, labels: { data: labels, dims: [DIGITS_COUNT] } };
}
