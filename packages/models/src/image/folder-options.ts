// The options of loadImageFolder (src/node.ts), in a module of their own so that the Node entry
// exports only its documented names while the README's table can be checked against the schema.
import { type OptionSpec, option } from '@losskit/core';
import { RANDOM_CROPS_OPTIONS } from './crops';

/** Options of `loadImageFolder`. */
export interface LoadImageFolderOptions {
  /** Side of the square crops. Default 32. */
  readonly size?: number;
  /** Number of crops in all, drawn across the folder's images. Default 256. */
  readonly crops?: number;
  /** Seed of the crops. Default 0. */
  readonly seed?: number;
  /** Smallest crop side as a fraction of an image's shorter side. Default 0.5. */
  readonly minScale?: number;
}

/** The schema of `loadImageFolder`'s options (the README's table is checked against it). */
export const LOAD_IMAGE_FOLDER_OPTIONS: {
  readonly size: OptionSpec<number>;
  readonly crops: OptionSpec<number>;
  readonly seed: OptionSpec<number>;
  readonly minScale: OptionSpec<number>;
} = {
  size: RANDOM_CROPS_OPTIONS.size,
  crops: option.positiveInteger({ description: 'Number of crops in all, drawn across the folder\'s images.', default: 256 }),
  seed: RANDOM_CROPS_OPTIONS.seed,
  minScale: RANDOM_CROPS_OPTIONS.minScale,
};
