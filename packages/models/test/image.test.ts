import { InvalidInputError } from '@losskit/graph';
import { encode as encodeRawPng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { type ChwImage, decodeImage, encodePng, imageFormat, imageToBytes, imageToPng, randomCrops, resizeImage } from '../src/index';
import { rawPng } from './support/png';

function randomBytes(length: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  });
}

/** Interleaved bytes -> expected CHW floats, written out independently of the decoder. */
function expectedChw(bytes: Uint8Array, width: number, height: number, channels: number): Float32Array {
  const out = new Float32Array(3 * width * height);
  for (let i = 0; i < width * height; i++)
    for (let c = 0; c < 3; c++) out[c * width * height + i] = bytes[i * channels + (channels >= 3 ? c : 0)]! / 255;
  return out;
}

describe('PNG', () => {
  it('round-trips RGB, RGBA and grey bytes exactly through encodePng and decodeImage', () => {
    const [w, h] = [7, 5];
    for (const channels of [3, 4, 1]) {
      const bytes = randomBytes(w * h * channels, channels);
      const png = encodePng(bytes, w, h);
      expect(imageFormat(png)).toBe('png');
      const image = decodeImage(png);
      expect(image.dims).toEqual([3, h, w]);
      expect(image.data).toEqual(expectedChw(bytes, w, h, channels));
      // And back to bytes: the 8-bit values are recovered exactly.
      if (channels === 3) expect(imageToBytes(image)).toEqual(bytes);
    }
  });

  it('decodes views into larger buffers and bare ArrayBuffers', () => {
    const png = encodePng(Uint8Array.from({ length: 12 }, (_, i) => i * 20), 2, 2);
    const padded = new Uint8Array(png.length + 7);
    padded.set(png, 7);
    const expected = decodeImage(png).data;
    expect(decodeImage(padded.subarray(7)).data).toEqual(expected);
    expect(decodeImage(png.slice().buffer).data).toEqual(expected);
  });

  it('round-trips a float image through imageToPng exactly at 8-bit precision', () => {
    const data = Float32Array.from({ length: 3 * 4 * 6 }, (_, i) => ((i * 37) % 256) / 255);
    const image: ChwImage = { data, dims: [3, 4, 6] };
    const back = decodeImage(imageToPng(image));
    expect(back.dims).toEqual([3, 4, 6]);
    expect(back.data).toEqual(data);
  });

  it('decodes 16-bit, palette and 1-bit grey PNGs', () => {
    const sixteen = encodeRawPng({ width: 2, height: 1, depth: 16, channels: 3, data: Uint16Array.of(0, 65535, 32768, 65535, 0, 1) });
    expect(Array.from(decodeImage(sixteen).data)).toEqual([0, 65535, 65535, 0, 32768, 1].map((v) => Math.fround(v / 65535)));

    // 2-bit palette: indices 0 1 2 3 in one row of 4 pixels, packed into one byte 0b00011011.
    const palette = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30]];
    const indexed = decodeImage(rawPng(4, 1, 2, 3, [Uint8Array.of(0b00011011)], palette));
    expect(Array.from(indexed.data, (v) => Math.round(v * 255))).toEqual([255, 0, 0, 10, 0, 255, 0, 20, 0, 0, 255, 30]);

    // 1-bit grey, width 10 (rows padded to two bytes): 1010101010 and 0000000001.
    const rows = [Uint8Array.of(0b10101010, 0b10000000), Uint8Array.of(0b00000000, 0b01000000)];
    const grey = decodeImage(rawPng(10, 2, 1, 0, rows));
    expect(grey.dims).toEqual([3, 2, 10]);
    expect(Array.from(grey.data.subarray(0, 20))).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(grey.data.subarray(40, 60)).toEqual(grey.data.subarray(0, 20));
  });

  it('rejects bad arguments of encodePng', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(InvalidInputError);
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow('Invalid pixels: expected 4 (grey), 12 (RGB) or 16 (RGBA) bytes for 2x2');
    expect(() => encodePng(new Uint8Array(4), 0, 2)).toThrow('Invalid width: expected a positive integer, received 0');
  });
});

describe('JPEG', () => {
  it('decodes a JPEG written by jpeg-js within JPEG tolerance', () => {
    const [w, h] = [32, 24];
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        // Smooth content: JPEG's 8x8 DCT keeps it almost exactly.
        rgba.set([Math.round((x / (w - 1)) * 255), Math.round((y / (h - 1)) * 255), 128, 255], i);
      }
    const encoded = new Uint8Array(jpeg.encode({ width: w, height: h, data: rgba }, 95).data);
    expect(imageFormat(encoded)).toBe('jpeg');
    const image = decodeImage(encoded);
    expect(image.dims).toEqual([3, h, w]);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < w * h; i++)
      for (let c = 0; c < 3; c++) {
        const error = Math.abs(image.data[c * w * h + i]! - rgba[i * 4 + c]! / 255);
        sum += error;
        max = Math.max(max, error);
      }
    expect(sum / (3 * w * h)).toBeLessThan(0.01);
    expect(max).toBeLessThan(0.06);
  });
});

describe('decodeImage errors', () => {
  it('names the problem for other formats and for corrupt data', () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    expect(() => decodeImage(gif)).toThrow(InvalidInputError);
    expect(() => decodeImage(gif)).toThrow(
      'Invalid bytes: expected a PNG or JPEG image (signature 89 50 4e 47 0d 0a 1a 0a or ff d8 ff), received 10 bytes starting 47 49 46 38 39 61 01 00',
    );
    expect(() => decodeImage(new Uint8Array(0))).toThrow('received no bytes');
    const truncated = encodePng(new Uint8Array(48), 4, 4).subarray(0, 30);
    expect(() => decodeImage(truncated)).toThrow(/Invalid bytes: expected a valid PNG image, received 30 bytes starting 89 50 4e 47.*The decoder failed/);
    expect(() => decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, 0, 1, 2))).toThrow('expected a valid JPEG image');
  });
});

describe('resizing and random crops', () => {
  it('shrinks by area averaging and enlarges bilinearly (PyTorch align_corners=False)', () => {
    const checker = Float32Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) + (i % 4)) % 2);
    expect(Array.from(resizeImage({ data: checker, dims: [1, 4, 4] }, 2, 2).data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const ramp = resizeImage({ data: Float32Array.of(0, 1, 0, 1), dims: [1, 2, 2] }, 2, 4);
    expect(Array.from(ramp.data)).toEqual([0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1]);
    // Shrinking 3 -> 2 weighs the middle pixel half to each side.
    expect(Array.from(resizeImage({ data: Float32Array.of(0, 3, 6), dims: [1, 1, 3] }, 1, 2).data)).toEqual([1, 5]);
  });

  it('crops NCHW batches deterministically, within the source values', () => {
    const data = Float32Array.from({ length: 3 * 40 * 60 }, (_, i) => (i % 60) / 59);
    const image: ChwImage = { data, dims: [3, 40, 60] };
    const crops = randomCrops(image, { size: 16, count: 10, seed: 1 });
    expect(crops.dims).toEqual([10, 3, 16, 16]);
    expect(crops.data.every((v) => v >= 0 && v <= 1 + 1e-6)).toBe(true);
    expect(randomCrops(image, { size: 16, count: 10, seed: 1 }).data).toEqual(crops.data);
    expect(randomCrops(image, { size: 16, count: 10, seed: 2 }).data).not.toEqual(crops.data);
    // A horizontal ramp stays a ramp: each crop row increases left to right, and rows are equal.
    for (let n = 0; n < 10; n++) {
      const row = crops.data.subarray(n * 768, n * 768 + 16);
      for (let x = 1; x < 16; x++) expect(row[x]!).toBeGreaterThan(row[x - 1]!);
      expect(crops.data.subarray(n * 768 + 15 * 16, n * 768 + 16 * 16)).toEqual(row);
    }
  });

  it('copies a square image exactly when the crop is the whole image at its size', () => {
    const data = Float32Array.from({ length: 3 * 8 * 8 }, (_, i) => ((i * 13) % 17) / 16);
    const crops = randomCrops({ data, dims: [3, 8, 8] }, { size: 8, count: 2, minScale: 1 });
    expect(crops.data.subarray(0, 192)).toEqual(data);
  });

  it('picks from several images and checks them', () => {
    const black: ChwImage = { data: new Float32Array(3 * 10 * 10), dims: [3, 10, 10] };
    const white: ChwImage = { data: new Float32Array(3 * 12 * 9).fill(1), dims: [3, 12, 9] };
    const crops = randomCrops([black, white], { size: 4, count: 20, seed: 3 });
    const means = Array.from({ length: 20 }, (_, n) => crops.data.subarray(n * 48, (n + 1) * 48).reduce((a, b) => a + b, 0) / 48);
    expect(new Set(means.map((m) => Math.round(m)))).toEqual(new Set([0, 1]));
    expect(means.every((m) => Math.abs(m - Math.round(m)) < 1e-6)).toBe(true);
    expect(() => randomCrops([], { count: 1 })).toThrow('Invalid images: expected at least one image');
    expect(() => randomCrops([black, { data: new Float32Array(100), dims: [1, 10, 10] }], { count: 1 })).toThrow('images[1].dims[0]');
    expect(() => randomCrops(black, { count: 1, minScale: 0 })).toThrow('randomCrops.minScale');
    expect(() => randomCrops({ data: new Float32Array(5), dims: [3, 10, 10] }, { count: 1 })).toThrow('Invalid images[0].data');
  });
});
