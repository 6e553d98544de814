// The images a run trains and evaluates on: the synthetic set by default, or crops of the
// person's own photos — held out by file when there are enough files, so that held-out numbers
// measure generalization, not memory.
import { type ChwImage, type ImageBatch, decodeImage, randomCrops, syntheticImages } from '@losskit/models';
import type { PhotoFile } from '../protocol';

/** Held-out images shown and measured per row. */
export const HELD_OUT = 6;
/** Training crops cut from photos. */
const PHOTO_CROPS = 256;
/** Below this many files, held-out crops come from the training photos. */
export const MIN_FILES_TO_HOLD_OUT = 3;

export interface RunData {
  readonly train: ImageBatch;
  readonly heldOut: ImageBatch;
  /** Says what the images are and which ones are held out. */
  readonly description: string;
}

function decode(photo: PhotoFile): ChwImage {
  try {
    return decodeImage(new Uint8Array(photo.bytes));
  } catch (error) {
    throw new Error(`${photo.name} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function prepareData(photos: readonly PhotoFile[], size: number, seed: number, syntheticCount: number): RunData {
  if (photos.length === 0) {
    return {
      // Held-out images come from another seed: the synthetic generator never repeats an image.
      train: syntheticImages({ count: syntheticCount, size, seed }),
      heldOut: syntheticImages({ count: HELD_OUT, size, seed: seed + 1_000_003 }),
      description: `${syntheticCount} synthetic training images; ${HELD_OUT} other synthetic images held out`,
    };
  }
  const images = photos.map(decode);
  const names = photos.map((p) => p.name);
  if (photos.length < MIN_FILES_TO_HOLD_OUT) {
    return {
      train: randomCrops(images, { count: PHOTO_CROPS, size, seed }),
      heldOut: randomCrops(images, { count: HELD_OUT, size, seed: seed + 1 }),
      description:
        `${PHOTO_CROPS} training crops of ${names.join(', ')}; the ${HELD_OUT} held-out crops come from the same ` +
        `photo${photos.length > 1 ? 's' : ''} (choose at least ${MIN_FILES_TO_HOLD_OUT} files to hold whole photos out)`,
    };
  }
  const heldOutCount = Math.max(1, Math.floor(photos.length / 4));
  const split = photos.length - heldOutCount;
  return {
    train: randomCrops(images.slice(0, split), { count: PHOTO_CROPS, size, seed }),
    heldOut: randomCrops(images.slice(split), { count: HELD_OUT, size, seed: seed + 1 }),
    description: `${PHOTO_CROPS} training crops of ${names.slice(0, split).join(', ')}; ${HELD_OUT} held-out crops of ${names.slice(split).join(', ')} (never trained on)`,
  };
}
