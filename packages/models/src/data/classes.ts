import { type OptionSpec, resolveOptions } from '@losskit/core';
import type { HostTensor } from '@losskit/graph';
import { countOption, seedOption, sizeOption } from '../options';
import { type Random, createRandom, deriveSeed } from '../random';
import type { ImageBatch } from '../tensor';
import { saturatedColor } from './color';
import { disc, everywhere, paint, solid, stripes } from './paint';

/** Options of {@link syntheticClasses}. */
export interface SyntheticClassesOptions {
  /** Number of images; labels are balanced (the two counts differ by at most one). Required. */
  readonly count: number;
  /** Height and width. Default 32. */
  readonly size?: number;
  /** Seed. Default 0. */
  readonly seed?: number;
}

/** A labelled image set. */
export interface LabelledImages {
  /** NCHW RGB images in `[0, 1]`. */
  readonly images: ImageBatch;
  /** `[count, 1]` labels, 0 or 1, shaped like a binary classifier's `logit`. */
  readonly labels: HostTensor;
}

/** What label 0 and label 1 of {@link syntheticClasses} show. */
export const SYNTHETIC_CLASS_NAMES: readonly [string, string] = ['horizontal stripes', 'vertical stripes'];

function paintExample(image: Float32Array, size: number, label: number, random: Random): void {
  const first = saturatedColor(random);
  const second = saturatedColor(random, first.hue);
  // Orientation is the only thing the label decides; tilt, period, phase and colors vary.
  const angle = (label === 0 ? Math.PI / 2 : 0) + random.uniform(-0.2, 0.2);
  paint(image, size, everywhere, stripes(first.rgb, second.rgb, random.uniform(0.12, 0.35), angle, random.next()));
  if (random.next() < 0.5) {
    const [region, box] = disc(random.uniform(0.2, 0.8), random.uniform(0.2, 0.8), random.uniform(0.08, 0.18));
    paint(image, size, region, solid(saturatedColor(random).rgb), box);
  }
}

/** The schema of {@link syntheticClasses}'s options (the README's table is checked against it). */
export const SYNTHETIC_CLASSES_OPTIONS: { readonly count: OptionSpec<number>; readonly size: OptionSpec<number>; readonly seed: OptionSpec<number> } = {
  count: countOption,
  size: sizeOption,
  seed: seedOption,
};

/**
 * A deterministic, balanced two-class image set for {@link binaryClassifier}: label 0 is
 * horizontal stripes, label 1 vertical stripes, each with random colors, period, phase and a
 * slight tilt, and in half the images a distracting disc.
 */
export function syntheticClasses(options: SyntheticClassesOptions): LabelledImages {
  const { count, size, seed } = resolveOptions('syntheticClasses', SYNTHETIC_CLASSES_OPTIONS, options);

  const labels = new Float32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % 2;
  createRandom(deriveSeed(seed, 0x7fffffff)).shuffle(labels);
  const plane = size * size;
  const data = new Float32Array(count * 3 * plane);
  for (let n = 0; n < count; n++) {
    const image = data.subarray(n * 3 * plane, (n + 1) * 3 * plane);
    paintExample(image, size, labels[n]!, createRandom(deriveSeed(seed, n)));
  }
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, data[i]!));
  return { images: { data, dims: [count, 3, size, size] }, labels: { data: labels, dims: [count, 1] } };
}
