import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImageBatch, type ChwImage, randomCrops, resizeImage, splitByItem, syntheticImages } from '@losskit/models';
import { readImageFolder } from '@losskit/models/node';

/** Held-out images: never trained on, shown in the figure and measured in the summary. */
export const HELD_OUT = 64;
/** Training images: crops of the training photos, or synthetic images. */
export const TRAIN_IMAGES = 1024;
/** A folder needs this many image files to hold whole files out; with fewer, held-out crops come from the training photos. */
export const MIN_FILES_TO_SPLIT = 4;
/** Share of the files held out (at least one). */
export const HELD_OUT_FRACTION = 0.25;
/**
 * Smallest crop side as a share of a photo's shorter side. Crops from a quarter of the photo to
 * all of it show objects at several scales.
 */
export const MIN_CROP_SCALE = 0.25;

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

function concatBatches(a: ImageBatch, b: ImageBatch): ImageBatch {
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { data, dims: [a.dims[0] + b.dims[0], a.dims[1], a.dims[2], a.dims[3]] };
}

/** Every photo whole (its centered square, resized), then random crops up to `count` images. */
function heldOutImages(photos: readonly ChwImage[], size: number, count: number, seed: number): ImageBatch {
  const whole = photos.slice(0, count).map((photo) => {
    const [, h, w] = photo.dims as [number, number, number];
    const side = Math.min(h, w);
    return resizeImage(centerSquare(photo, side), size, size);
  });
  const data = new Float32Array(whole.length * 3 * size * size);
  whole.forEach((image, i) => data.set(image.data, i * image.data.length));
  const wholeBatch: ImageBatch = { data, dims: [whole.length, 3, size, size] };
  const rest = count - whole.length;
  return rest === 0 ? wholeBatch : concatBatches(wholeBatch, randomCrops(photos, { size, count: rest, seed, minScale: MIN_CROP_SCALE }));
}

function centerSquare(photo: ChwImage, side: number): ChwImage {
  const [c, h, w] = photo.dims as [number, number, number];
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
  const { files, images } = await readImageFolder(folder);
  // decodeImage returns RGB for grey and RGBA files too.
  const rgb = images;
  if (files.length < MIN_FILES_TO_SPLIT) {
    // Too few files to hold any out: held-out crops are other windows of the training photos.
    return {
      train: randomCrops(rgb, { size, count: TRAIN_IMAGES, seed, minScale: MIN_CROP_SCALE }),
      heldOut: randomCrops(rgb, { size, count: HELD_OUT, seed: seed + 1, minScale: MIN_CROP_SCALE }),
      source: folder,
      trainFiles: files,
      heldOutFiles: [],
      heldOutIsUnseen: false,
    };
  }
  const split = splitByItem(files, { seed, heldOutFraction: HELD_OUT_FRACTION });
  return {
    train: randomCrops(split.trainIndices.map((i) => rgb[i]!), { size, count: TRAIN_IMAGES, seed, minScale: MIN_CROP_SCALE }),
    heldOut: heldOutImages(split.heldOutIndices.map((i) => rgb[i]!), size, HELD_OUT, seed + 1),
    source: folder,
    trainFiles: split.train,
    heldOutFiles: split.heldOut,
    heldOutIsUnseen: true,
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
