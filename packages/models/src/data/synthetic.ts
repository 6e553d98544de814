import { InvalidOptionError } from '@losskit/graph';
import { checkKnownOptions, positiveInt, seedOption } from '../options';
import { createRandom, deriveSeed } from '../random';
import type { ImageBatch } from '../tensor';
import { countOption } from './check';
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

/** BT.601 luma weights, the ones the seed experiment's luma loss uses. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * A deterministic synthetic image set, NCHW in `[0, 1]`: saturated shapes (discs, rectangles,
 * triangles), stripes, gradients, checkerboards and smooth noise on contrasting backgrounds.
 * Nothing is downloaded; the same options always give the same bytes.
 */
export function syntheticImages(options: SyntheticImagesOptions): ImageBatch {
  checkKnownOptions('syntheticImages', options, ['count', 'size', 'channels', 'seed']);
  const count = countOption('syntheticImages.count', options.count);
  const size = positiveInt('syntheticImages.size', options.size ?? 32);
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) throw new InvalidOptionError('syntheticImages.channels', '1 or 3', channels);
  const seed = seedOption('syntheticImages.seed', options.seed ?? 0);

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
