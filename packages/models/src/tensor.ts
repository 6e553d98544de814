/** A float32 tensor: data in row-major order and its dims. */
export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** A batch of images, NCHW: `[count, channels, height, width]`, values in `[0, 1]`. */
export interface ImageBatch {
  readonly data: Float32Array;
  readonly dims: readonly [number, number, number, number];
}
