import { InvalidInputError } from '@losskit/graph';
import { type DecodedPng, convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import type { ChwImage } from './image';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** The image formats {@link decodeImage} reads. */
export type ImageFormat = 'png' | 'jpeg';

/** The format of encoded image bytes, from their signature; `undefined` for anything else. */
export function imageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function describeBytes(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length === 0 ? 'no bytes' : `${bytes.length} bytes starting ${head}`;
}

/** Sample `i` of packed rows of `depth`-bit samples (1, 2 or 4 bits, rows padded to whole bytes). */
function unpacked(data: ArrayLike<number>, width: number, height: number, depth: number): Uint8Array {
  const rowBytes = Math.ceil((width * depth) / 8);
  const out = new Uint8Array(width * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)]!;
      out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function fromPng(png: DecodedPng): ChwImage {
  const { width, height } = png;
  let samples: ArrayLike<number> = png.data;
  let channels = png.channels;
  let max = 2 ** png.depth - 1;
  if (png.palette) {
    samples = convertIndexedToRgb(png);
    channels = png.palette[0]?.length ?? 3;
    max = 255;
  } else if (png.depth < 8) {
    samples = unpacked(png.data, width, height, png.depth);
  }
  // Grey (+alpha) is replicated to RGB; alpha is dropped, keeping the stored colors.
  const colorChannels = channels >= 3 ? 3 : 1;
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) data[c * plane + i] = samples[i * channels + (colorChannels === 3 ? c : 0)]! / max;
  }
  return { data, dims: [3, height, width] };
}

function fromJpeg(bytes: Uint8Array): ChwImage {
  const { width, height, data: rgb } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) data[c * plane + i] = rgb[i * 3 + c]! / 255;
  }
  return { data, dims: [3, height, width] };
}

/**
 * Decodes PNG (any bit depth and color type; fast-png) or JPEG (baseline and progressive;
 * jpeg-js) bytes into an RGB image, planar CHW `[3, height, width]` with values in `[0, 1]`
 * (byte `v` becomes `v / 255`, 16-bit `v / 65535`). Grey images are replicated to three
 * channels; alpha is dropped. Other formats, and corrupt data, throw {@link InvalidInputError}.
 */
export function decodeImage(bytes: Uint8Array | ArrayBuffer): ChwImage {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(view instanceof Uint8Array)) throw new InvalidInputError('bytes', 'a Uint8Array or ArrayBuffer of PNG or JPEG data', bytes);
  const format = imageFormat(view);
  if (!format) {
    throw new InvalidInputError('bytes', 'a PNG or JPEG image (signature 89 50 4e 47 0d 0a 1a 0a or ff d8 ff)', describeBytes(view));
  }
  try {
    return format === 'png' ? fromPng(decodePng(view)) : fromJpeg(view);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError('bytes', `a valid ${format.toUpperCase()} image`, describeBytes(view), `The decoder failed: ${message}`);
  }
}
