import type { ImageBatch } from '../tensor';

/** One class index per example, `[count]`: the targets of a loss over class indices (`crossEntropy()`). */
export interface ClassLabels {
  readonly data: Int32Array;
  readonly dims: readonly [number];
}

/** Images with one class index each. */
export interface ClassLabelledImages {
  /** NCHW images in `[0, 1]`. */
  readonly images: ImageBatch;
  readonly labels: ClassLabels;
}
