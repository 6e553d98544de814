import type { HostTensor } from '@losskit/graph';

/** A batch of images, NCHW: `[count, channels, height, width]`, values in `[0, 1]`. */
export interface ImageBatch extends HostTensor {
  readonly dims: readonly [number, number, number, number];
}
