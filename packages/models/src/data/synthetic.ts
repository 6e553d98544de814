import { LUMA_STANDARDS, option, resolveOptions, type OptionSpec } from '@losskit/core';
import { countOption, seedOption, sizeOption } from '../options';
import { createRandom, deriveSeed } from '../random';
import type { ImageBatch } from '../tensor';
import { paintScene } from './scene';

/** Options of {@link syntheticImages}. */
export interface SyntheticImagesOptions {
  /** Number of images. Required. */
  readonly count: number;
  /** Height and width. Default 32. */
  readonly size?: number;
  /** 3 for RGB, 1 for grey (BT.601 luma of the RGB scene). Default 3. */
  readonly channels?: 1 | 3;
  /** Seed; image `i` depends only on `seed` and `i`, not on `count`. Default 0. */
  readonly seed?: number;
}

/** The schema of {@link syntheticImages}'s options (the README's table is checked against it). */
export const SYNTHETIC_IMAGES_OPTIONS: {
  readonly count: OptionSpec<number>;
  readonly size: OptionSpec<number>;
  readonly channels: OptionSpec<1 | 3>;
  readonly seed: OptionSpec<number>;
} = {
  count: countOption,
  size: sizeOption,
  channels: option.satisfying<1 | 3>({ type: '1 or 3', description: '3 for RGB, 1 for grey.', default: () => 3, test: (v) => v === 1 || v === 3 }),
  seed: seedOption,
};

/** BT.601 luma weights, the ones the seed experiment's luma loss uses. */
const LUMA = LUMA_STANDARDS.bt601;

/**
 * A deterministic synthetic image set, NCHW in `[0, 1]`: saturated shapes (discs, rectangles,
 * triangles), stripes, gradients, checkerboards and smooth noise on contrasting backgrounds.
 * Nothing is downloaded; the same options always give the same bytes.
 */
export function syntheticImages(options: SyntheticImagesOptions): ImageBatch {
  const { count, size, channels, seed } = resolveOptions('syntheticImages', SYNTHETIC_IMAGES_OPTIONS, options);

  const plane = size * size;
  const data = new Float32Array(count * channels * plane);
  const rgb = new Float32Array(3 * plane);
  for (let n = 0; n < count; n++) {
    rgb.fill(0);
    paintScene(rgb, size, createRandom(deriveSeed(seed, n)));
    const offset = n * channels * plane;
    if (channels === 3) data.set(rgb, offset);
    else for (let i = 0; i < plane; i++) data[offset + i] = LUMA[0] * rgb[i]! + LUMA[1] * rgb[plane + i]! + LUMA[2] * rgb[2 * plane + i]!;
  }
  // Anti-aliasing sums can overshoot 1 by a rounding error; keep the promised range exact.
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, data[i]!));
  return { data, dims: [count, channels, size, size] };
}
