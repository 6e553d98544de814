import { type ImageBatch, syntheticImages } from '@losskit/models';
import { loadImageFolder } from '@losskit/models/node';

/** Held-out images: never trained on, shown in the figure and measured in the summary. */
export const HELD_OUT = 64;
/** Training images of the synthetic set. */
export const SYNTHETIC_TRAIN = 1024;

/** The demo's images: the synthetic set, or random crops of the user's photos. */
export async function demoImages(options: { images: string | undefined; size: number; seed: number }): Promise<{ images: ImageBatch; source: string }> {
  if (options.images === undefined) {
    return { images: syntheticImages({ count: SYNTHETIC_TRAIN + HELD_OUT, size: options.size, seed: options.seed }), source: 'synthetic' };
  }
  const images = await loadImageFolder(options.images, { size: options.size, crops: SYNTHETIC_TRAIN + HELD_OUT, seed: options.seed });
  // Held-out crops come from the same photos as the training crops (other windows of them).
  return { images, source: options.images };
}
