/**
 * @losskit/models for Node.js: reading image folders from disk. The main entry stays
 * platform-neutral; this one imports `node:fs`.
 * @module
 */
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { resolveOptions } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import { randomCrops } from './image/crops';
import { decodeImage } from './image/decode';
import type { ChwImage } from './image/image';
import { LOAD_IMAGE_FOLDER_OPTIONS, type LoadImageFolderOptions } from './image/folder-options';
import type { ImageBatch } from './tensor';

export type { LoadImageFolderOptions } from './image/folder-options';

/** File extensions {@link loadImageFolder} reads (case-insensitive). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** Decodes the `.png`, `.jpg` and `.jpeg` files directly in `dir`, in file-name order. */
export async function readImageFolder(dir: string): Promise<{ files: string[]; images: ChwImage[] }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidInputError('dir', 'a readable folder of .png, .jpg or .jpeg files', dir, `Reading it failed: ${reason}`);
  }
  const files = entries.filter((name) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase())).toSorted();
  if (files.length === 0) {
    throw new InvalidInputError('dir', 'a folder with .png, .jpg or .jpeg files', dir, `It holds ${entries.length} entries and no images`);
  }
  const images: ChwImage[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const bytes = new Uint8Array(await readFile(path));
    try {
      images.push(decodeImage(bytes));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new InvalidInputError(`image file ${path}`, 'a PNG or JPEG image', `${bytes.length} bytes`, message);
    }
  }
  return { files: files.map((name) => join(dir, name)), images };
}

/**
 * Reads the PNG and JPEG files of `dir` (not its subfolders) and returns `crops` random square
 * crops resized to `size`, as an NCHW RGB batch in `[0, 1]` ready for a model's `image` input.
 * Throws {@link InvalidInputError} naming the folder when it cannot be read or holds no images,
 * and naming the file when one does not decode.
 */
export async function loadImageFolder(dir: string, options: LoadImageFolderOptions = {}): Promise<ImageBatch> {
  // Checked before the folder is read, and named as the caller wrote them (crops, not count).
  const { size, crops, seed, minScale } = resolveOptions('loadImageFolder', LOAD_IMAGE_FOLDER_OPTIONS, options);
  const { images } = await readImageFolder(dir);
  return randomCrops(images, { size, count: crops, seed, minScale });
}
