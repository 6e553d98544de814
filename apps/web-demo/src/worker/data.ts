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

/** `total` crops shared evenly by `images` (random crops would let one photo fill the row). */
function evenCrops(images: readonly ChwImage[], total: number, size: number, seed: number): ImageBatch {
  const per = Math.ceil(total / images.length);
  // Held-out crops are large (at least 80% of the photo's side), so the photo stays recognizable.
  const parts = images.map((image, i) => randomCrops(image, { count: per, size, seed: seed + i, minScale: 0.8 }));
  const plane = 3 * size * size;
  const data = new Float32Array(total * plane);
  for (let k = 0; k < total; k++) {
    const part = parts[k % images.length]!;
    const index = Math.floor(k / images.length);
    data.set(part.data.subarray(index * plane, (index + 1) * plane), k * plane);
  }
  return { data, dims: [total, 3, size, size] };
}

/** Every fourth file is held out: a spread of the folder, not its alphabetical tail. */
function pick<T>(list: readonly T[], heldOut: boolean): T[] {
  return list.filter((_, i) => (i % 4 === 3) === heldOut);
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
      heldOut: evenCrops(images, HELD_OUT, size, seed + 1),
      description:
        `${PHOTO_CROPS} training crops of ${names.join(', ')}; the ${HELD_OUT} held-out crops come from the same ` +
        `photo${photos.length > 1 ? 's' : ''} (choose at least ${MIN_FILES_TO_HOLD_OUT} files to hold whole photos out)`,
    };
  }
  return {
    train: randomCrops(pick(images, false), { count: PHOTO_CROPS, size, seed }),
    heldOut: evenCrops(pick(images, true), HELD_OUT, size, seed + 1),
    description: `${PHOTO_CROPS} training crops of ${pick(names, false).join(', ')}; ${HELD_OUT} held-out crops of ${pick(names, true).join(', ')} (never trained on)`,
  };
}
