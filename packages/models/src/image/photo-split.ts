import { type OptionSpec, option, resolveOptions } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import { splitByItem } from '../data/split';
import { seedOption, sizeOption } from '../options';
import type { ImageBatch } from '../tensor';
import { randomCrops, resizeImage } from './crops';
import { type ChwImage, checkChwImage } from './image';

/** Options of {@link splitPhotos}. */
export interface PhotoSplitOptions {
  /** Side of the square images, in pixels. Default 32. */
  readonly size?: number;
  /** Training images: random crops of the training photos. Default 1024. */
  readonly train?: number;
  /** Held-out images: each held-out photo whole, then crops of them. Default 64. */
  readonly heldOut?: number;
  /** Share of the photos held out, rounded, at least one. Default 0.25. */
  readonly heldOutFraction?: number;
  /** With fewer photos than this none is held out: held-out crops come from the training photos. Default 4. */
  readonly minPhotos?: number;
  /** Smallest crop side as a fraction of a photo's shorter side. Default 0.25. */
  readonly minScale?: number;
  /** Seed of the split and of the crops. Default 0. */
  readonly seed?: number;
}

/**
 * {@link splitPhotos}' defaults, the losskit experiment's data: 1024 training crops, 64 held-out
 * images, a quarter of the photos held out when there are at least 4, crops from a quarter of a
 * photo's shorter side to all of it. Both demos use them (the synthetic set too takes its counts).
 */
export const PHOTO_SPLIT_DEFAULTS: {
  readonly train: number;
  readonly heldOut: number;
  readonly heldOutFraction: number;
  readonly minPhotos: number;
  readonly minScale: number;
} = Object.freeze({ train: 1024, heldOut: 64, heldOutFraction: 0.25, minPhotos: 4, minScale: 0.25 });

/** The schema of {@link splitPhotos}'s options (the README's table is checked against it). */
export const PHOTO_SPLIT_OPTIONS: {
  readonly size: OptionSpec<number>;
  readonly train: OptionSpec<number>;
  readonly heldOut: OptionSpec<number>;
  readonly heldOutFraction: OptionSpec<number>;
  readonly minPhotos: OptionSpec<number>;
  readonly minScale: OptionSpec<number>;
  readonly seed: OptionSpec<number>;
} = {
  size: sizeOption,
  train: option.positiveInteger({ description: 'Training images (crops of the training photos).', default: PHOTO_SPLIT_DEFAULTS.train }),
  heldOut: option.positiveInteger({ description: 'Held-out images (each held-out photo whole, then crops).', default: PHOTO_SPLIT_DEFAULTS.heldOut }),
  heldOutFraction: option.number({ description: 'Share of the photos held out.', default: PHOTO_SPLIT_DEFAULTS.heldOutFraction, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }),
  minPhotos: option.number({ description: 'Fewest photos that are split; with fewer, none is held out.', default: PHOTO_SPLIT_DEFAULTS.minPhotos, min: 2, integer: true }),
  minScale: option.number({ description: "Smallest crop side as a fraction of a photo's shorter side.", default: PHOTO_SPLIT_DEFAULTS.minScale, min: 0, exclusiveMin: true, max: 1 }),
  seed: seedOption,
};

/** Training and held-out images cut from a set of photos, and which photos each part used. */
export interface PhotoSplit {
  /** Random crops of the training photos, NCHW. */
  readonly train: ImageBatch;
  /** The held-out photos whole (the first {@link wholePhotos} images), then crops of them, NCHW. */
  readonly heldOut: ImageBatch;
  /** Indices of the photos the training crops come from, in input order. */
  readonly trainPhotos: readonly number[];
  /** Indices of the held-out photos, in input order; empty when too few photos were given to hold one out. */
  readonly heldOutPhotos: readonly number[];
  /** How many held-out images are whole photos: `heldOutPhotos[i]` is image `i` for `i < wholePhotos`. */
  readonly wholePhotos: number;
}

/** The centered square of `photo`, `side` pixels on a side. */
function centerSquare(photo: ChwImage, side: number): ChwImage {
  const [c, h, w] = photo.dims;
  const top = Math.floor((h - side) / 2);
  const left = Math.floor((w - side) / 2);
  const data = new Float32Array(c * side * side);
  for (let k = 0; k < c; k++) {
    for (let y = 0; y < side; y++) {
      const from = k * h * w + (top + y) * w + left;
      data.set(photo.data.subarray(from, from + side), k * side * side + y * side);
    }
  }
  return { data, dims: [c, side, side] };
}

function concat(parts: readonly ImageBatch[], size: number, channels: number): ImageBatch {
  const count = parts.reduce((n, p) => n + p.dims[0], 0);
  const data = new Float32Array(count * channels * size * size);
  let offset = 0;
  for (const part of parts) {
    data.set(part.data, offset);
    offset += part.data.length;
  }
  return { data, dims: [count, channels, size, size] };
}

/**
 * Splits photos by file into training and held-out images, so that a held-out score measures
 * pictures the model never saw: a seeded {@link splitByItem} holds a share of the photos out;
 * the training images are random crops of the others (a `minScale` share of the shorter side
 * to all of it, which shows objects at several scales); the held-out images are each held-out
 * photo whole (its centered square, resized), then random crops of the held-out photos. With
 * fewer than `minPhotos` photos none is held out, and held-out crops come from the training
 * photos with another seed. Training crops use `seed`, held-out crops `seed + 1`.
 */
export function splitPhotos(photos: readonly ChwImage[], options: PhotoSplitOptions = {}): PhotoSplit {
  const { size, train, heldOut, heldOutFraction, minPhotos, minScale, seed } = resolveOptions('splitPhotos', PHOTO_SPLIT_OPTIONS, options);
  if (!Array.isArray(photos) || photos.length === 0) throw new InvalidInputError('photos', 'at least one photo', photos);
  const channels = checkChwImage(photos[0]!, 'photos[0]')[0];
  const all = photos.map((_, i) => i);
  if (photos.length < minPhotos) {
    return {
      train: randomCrops(photos, { size, count: train, seed, minScale }),
      heldOut: randomCrops(photos, { size, count: heldOut, seed: seed + 1, minScale }),
      trainPhotos: all,
      heldOutPhotos: [],
      wholePhotos: 0,
    };
  }
  const split = splitByItem(photos, { seed, heldOutFraction });
  const held = split.heldOut;
  const whole = held.slice(0, heldOut).map((photo, i) => {
    const [, h, w] = checkChwImage(photo, `photos[${split.heldOutIndices[i]}]`);
    const image = resizeImage(centerSquare(photo, Math.min(h, w)), size, size);
    return { data: image.data, dims: [1, ...image.dims] } as ImageBatch;
  });
  const rest = heldOut - whole.length;
  const crops = rest > 0 ? [randomCrops(held, { size, count: rest, seed: seed + 1, minScale })] : [];
  return {
    train: randomCrops(split.train, { size, count: train, seed, minScale }),
    heldOut: concat([...whole, ...crops], size, channels),
    trainPhotos: split.trainIndices,
    heldOutPhotos: split.heldOutIndices,
    wholePhotos: whole.length,
  };
}
