import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImageBatch, PHOTO_SPLIT_DEFAULTS, splitPhotos, syntheticImages } from '@losskit/models';
import { readImageFolder } from '@losskit/models/node';

/**
 * Training and held-out image counts and the fewest files of which whole photos are held out:
 * `splitPhotos`' defaults, which the photos are split with (as in the web demo).
 */
const { train: TRAIN_IMAGES, heldOut: HELD_OUT, minPhotos: MIN_FILES_TO_SPLIT } = PHOTO_SPLIT_DEFAULTS;

/** The bundled photographs (public domain and CC0, see assets/photos/SOURCES.md). */
export const BUNDLED_PHOTOS: string = fileURLToPath(new URL('../../../assets/photos', import.meta.url));

/** The experiment's data and where it came from. */
export interface DemoData {
  readonly train: ImageBatch;
  readonly heldOut: ImageBatch;
  /** `synthetic`, or the photo folder. */
  readonly source: string;
  /** Photo files trained on and held out (empty for the synthetic set). */
  readonly trainFiles: readonly string[];
  readonly heldOutFiles: readonly string[];
  /** Whether the held-out images come from photos never trained on. */
  readonly heldOutIsUnseen: boolean;
}

/**
 * The demo's images: the bundled photos or the photos of `--images DIR`, split by file into
 * training and held-out photos (crops of the training photos to train; each held-out photo whole,
 * then crops of the held-out photos, to measure), or the synthetic set with `--synthetic`.
 */
export async function demoImages(options: { images: string | undefined; synthetic: boolean; size: number; seed: number }): Promise<DemoData> {
  const { size, seed } = options;
  if (options.synthetic) {
    const images = syntheticImages({ count: TRAIN_IMAGES + HELD_OUT, size, seed });
    const data = images.data;
    const per = 3 * size * size;
    return {
      train: { data: data.subarray(0, TRAIN_IMAGES * per), dims: [TRAIN_IMAGES, 3, size, size] },
      heldOut: { data: data.subarray(TRAIN_IMAGES * per), dims: [HELD_OUT, 3, size, size] },
      source: 'synthetic',
      trainFiles: [],
      heldOutFiles: [],
      heldOutIsUnseen: true,
    };
  }
  const folder = options.images ?? BUNDLED_PHOTOS;
  // decodeImage returns RGB for grey and RGBA files too.
  const { files, images } = await readImageFolder(folder);
  const split = splitPhotos(images, { size, seed });
  return {
    train: split.train,
    heldOut: split.heldOut,
    source: folder,
    trainFiles: split.trainPhotos.map((i) => files[i]!),
    heldOutFiles: split.heldOutPhotos.map((i) => files[i]!),
    heldOutIsUnseen: split.heldOutPhotos.length > 0,
  };
}

/** One or two sentences on the data: how many photos train, how many are held out, which. */
export function describeData(data: DemoData): string {
  const train = data.train.dims[0];
  const heldOut = data.heldOut.dims[0];
  if (data.source === 'synthetic') return `Data: ${train} synthetic training images, ${heldOut} other synthetic images held out.`;
  if (!data.heldOutIsUnseen) {
    return (
      `Data: ${train} training crops of ${data.trainFiles.length} photos in ${data.source}; ${heldOut} held-out crops come from the same photos ` +
      `(fewer than ${MIN_FILES_TO_SPLIT} files: no photo could be held out whole).`
    );
  }
  return (
    `Data: ${train} training crops of ${data.trainFiles.length} photos (${data.trainFiles.map((f) => basename(f)).join(', ')});\n` +
    `${heldOut} held-out images (each photo whole, then crops) of ${data.heldOutFiles.length} other photos never trained on (${data.heldOutFiles.map((f) => basename(f)).join(', ')}).`
  );
}
