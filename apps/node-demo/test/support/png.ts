import { decodeImage } from '@losskit/models';

/** A decoded PNG as a reader of 8-bit RGB pixels. */
export interface OpenedPng {
  readonly width: number;
  readonly height: number;
  at(x: number, y: number): [number, number, number];
}

/** Decodes `png` (with the models package's decoder, not the figures' encoder) for pixel checks. */
export function open(png: Uint8Array): OpenedPng {
  const image = decodeImage(png);
  const [, height, width] = image.dims;
  const plane = width * height;
  return {
    width,
    height,
    at: (x, y) => [0, 1, 2].map((c) => Math.round(image.data[c * plane + y * width + x]! * 255)) as [number, number, number],
  };
}

export const WHITE: readonly number[] = [255, 255, 255];

/** Whether two RGB colors are equal. */
export const same = (a: readonly number[], b: readonly number[]): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
