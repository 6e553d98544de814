// The images a run trains and evaluates on: the node demo's data (splitPhotos of @losskit/models)
// — photos held out by file when there are enough files, so that held-out numbers measure
// generalization, not memory — or the synthetic set.
import { type ChwImage, type ImageBatch, PHOTO_SPLIT_DEFAULTS, decodeImage, sliceSamples, splitPhotos, syntheticImages } from '@losskit/models';
import type { PhotoFile } from '../protocol';

/** Held-out images measured per row and the fewest files of which whole photos are held out: `splitPhotos`' defaults, as in the node demo. */
const { heldOut: HELD_OUT, minPhotos: MIN_FILES_TO_HOLD_OUT } = PHOTO_SPLIT_DEFAULTS;
/** Held-out images shown per row (the first ones: every held-out photo whole, then crops), as in the node demo's figure. */
export const SHOWN = 8;

export interface RunData {
  readonly train: ImageBatch;
  /** The {@link HELD_OUT} images every row is measured on. */
  readonly heldOut: ImageBatch;
  /** The first {@link SHOWN} of them, drawn on the page. */
  readonly shown: ImageBatch;
  /** One caption per shown image: the photo's file name without its extension, or `crop`. */
  readonly captions: readonly string[];
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

/** A copy of the first `count` images of `batch`, the batch the rows predict every second. */
function first(batch: ImageBatch, count: number): ImageBatch {
  const view = sliceSamples(batch, 0, Math.min(count, batch.dims[0]));
  return { data: view.data.slice(), dims: view.dims };
}

const list = (names: readonly string[]) => names.join(', ');

/** Training and held-out images of `photos` (the synthetic set when there are none). */
export function prepareData(photos: readonly PhotoFile[], size: number, seed: number, trainCount: number): RunData {
  if (photos.length === 0) {
    // Held-out images come from another seed: the synthetic generator never repeats an image.
    const heldOut = syntheticImages({ count: HELD_OUT, size, seed: seed + 1_000_003 });
    return {
      train: syntheticImages({ count: trainCount, size, seed }),
      heldOut,
      shown: first(heldOut, SHOWN),
      captions: Array.from({ length: SHOWN }, () => 'synthetic'),
      description: `${trainCount} synthetic training images; ${HELD_OUT} other synthetic images held out`,
    };
  }
  const names = photos.map((p) => p.name);
  const split = splitPhotos(photos.map(decode), { size, seed, train: trainCount });
  const heldNames = split.heldOutPhotos.map((i) => names[i]!);
  const shown = first(split.heldOut, SHOWN);
  const captions = Array.from({ length: shown.dims[0] }, (_, i) => (i < split.wholePhotos ? heldNames[i]!.replace(/\.[^.]+$/, '') : 'crop'));
  if (split.heldOutPhotos.length === 0) {
    return {
      train: split.train,
      heldOut: split.heldOut,
      shown,
      captions,
      description:
        `${trainCount} training crops of ${list(names)}; the ${HELD_OUT} held-out crops come from the same ` +
        `photo${photos.length > 1 ? 's' : ''} (choose at least ${MIN_FILES_TO_HOLD_OUT} files to hold whole photos out)`,
    };
  }
  return {
    train: split.train,
    heldOut: split.heldOut,
    shown,
    captions,
    description:
      `${trainCount} training crops of ${list(split.trainPhotos.map((i) => names[i]!))}; ${HELD_OUT} held-out images of ` +
      `${list(heldNames)} (never trained on): each photo whole, then crops`,
  };
}
