import { option, resolveOptions, type OptionSpec } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import { countOption, seedOption, sizeOption } from '../options';
import { createRandom } from '../random';
import type { ImageBatch } from '../tensor';
import { type ChwImage, checkChwImage } from './image';
import { resampleRegion } from './resample';

/** Options of {@link randomCrops}. */
export interface RandomCropsOptions {
  /** Side of the square crops, in pixels. Default 32. */
  readonly size?: number;
  /** Number of crops. Required. */
  readonly count: number;
  /** Seed of the crop positions. Default 0. */
  readonly seed?: number;
  /**
   * Smallest crop side as a fraction of the image's shorter side; each crop's side is drawn
   * from `[minScale, 1]` of it, then the crop is resized to `size`. Default 0.5.
   */
  readonly minScale?: number;
}

/** The schema of {@link randomCrops}'s options (the README's table is checked against it). */
export const RANDOM_CROPS_OPTIONS: {
  readonly size: OptionSpec<number>;
  readonly count: OptionSpec<number>;
  readonly seed: OptionSpec<number>;
  readonly minScale: OptionSpec<number>;
} = {
  size: sizeOption,
  count: countOption,
  seed: seedOption,
  minScale: option.number({ description: "Smallest crop side as a fraction of the image's shorter side.", default: 0.5, min: 0, exclusiveMin: true, max: 1 }),
};

/**
 * Random square crops of `images` resized to `size x size`: each crop picks an image
 * uniformly, a side between `minScale` and 1 times the image's shorter side, and a position;
 * shrinking averages pixels by area, enlarging interpolates bilinearly. All images must have
 * the same channel count. Returns an NCHW batch `[count, channels, size, size]`.
 */
export function randomCrops(images: ChwImage | readonly ChwImage[], options: RandomCropsOptions): ImageBatch {
  const { size, count, seed, minScale } = resolveOptions('randomCrops', RANDOM_CROPS_OPTIONS, options);
  const list = Array.isArray(images) ? (images as readonly ChwImage[]) : [images as ChwImage];
  if (list.length === 0) throw new InvalidInputError('images', 'at least one image', list);
  const shapes = list.map((image, i) => checkChwImage(image, `images[${i}]`));
  const channels = shapes[0]![0];
  shapes.forEach(([c], i) => {
    if (c !== channels) throw new InvalidInputError(`images[${i}].dims[0]`, `${channels} channels, like images[0]`, c);
  });

  const random = createRandom(seed);
  const out = new Float32Array(count * channels * size * size);
  for (let n = 0; n < count; n++) {
    const index = random.int(list.length);
    const [, h, w] = shapes[index]!;
    const side = Math.min(h, w) * random.uniform(minScale, 1);
    const rect = { x: random.uniform(0, w - side), y: random.uniform(0, h - side), width: side, height: side };
    resampleRegion(list[index]!.data, channels, h, w, rect, size, size, out, n * channels * size * size);
  }
  return { data: out, dims: [count, channels, size, size] };
}

/** `image` resized to `height x width` (area averaging when shrinking, bilinear when enlarging). */
export function resizeImage(image: ChwImage, height: number, width: number): ChwImage {
  const [c, h, w] = checkChwImage(image, 'image');
  for (const [name, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(name, 'a positive integer', value);
  }
  const out = new Float32Array(c * height * width);
  resampleRegion(image.data, c, h, w, { x: 0, y: 0, width: w, height: h }, height, width, out, 0);
  return { data: out, dims: [c, height, width] };
}
