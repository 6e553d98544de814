import { InvalidInputError } from '@losskit/graph';
import { encode } from 'fast-png';
import { type ChwImage, checkChwImage } from './image';

/**
 * Encodes 8-bit pixels, row-major and interleaved, as a PNG. The channel count follows from
 * the length: `width * height * 4` is RGBA, `* 3` RGB, `* 1` grey.
 */
export function encodePng(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(name, 'a positive integer', value);
  }
  if (!(pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray)) {
    throw new InvalidInputError('pixels', 'a Uint8Array or Uint8ClampedArray', pixels);
  }
  const channels = pixels.length / (width * height);
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new InvalidInputError('pixels', `${width * height} (grey), ${width * height * 3} (RGB) or ${width * height * 4} (RGBA) bytes for ${width}x${height}`, pixels);
  }
  return encode({ width, height, data: pixels, depth: 8, channels });
}

/**
 * Interleaved 8-bit pixels of a CHW float image with 1 or 3 channels: each value is clamped to
 * `[0, 1]` and rounded to `round(v * 255)`, so bytes read by {@link decodeImage} come back exactly.
 */
export function imageToBytes(image: ChwImage): Uint8Array {
  const [c, h, w] = checkChwImage(image, 'image');
  if (c !== 1 && c !== 3) throw new InvalidInputError('image.dims[0]', '1 or 3 channels', c);
  const plane = h * w;
  const out = new Uint8Array(c * plane);
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < c; k++) out[i * c + k] = Math.round(Math.min(1, Math.max(0, image.data[k * plane + i]!)) * 255);
  }
  return out;
}

/** A CHW float image (1 or 3 channels, `[0, 1]`) as PNG bytes. */
export function imageToPng(image: ChwImage): Uint8Array {
  return encodePng(imageToBytes(image), image.dims[2], image.dims[1]);
}
