/** A float32 tensor passed to a loss: flat data in row-major order and its dims. */
export interface TensorInput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An integer tensor passed to a loss (class indices, lengths): int32 or int64 values and their dims. */
export interface IntegerTensorInput {
  readonly data: Int32Array | BigInt64Array;
  readonly dims: readonly number[];
}

/** Any tensor a loss takes: float inputs as {@link TensorInput}, integer inputs as {@link IntegerTensorInput}. */
export type LossTensor = TensorInput | IntegerTensorInput;

/** A float64 tensor, used by plugin references and the test kit. */
export interface Float64Tensor {
  readonly data: Float64Array;
  readonly dims: readonly number[];
}

/** Number of elements for `dims`. */
export function sizeOf(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Row-major strides for `dims`. */
export function stridesOf(dims: readonly number[]): number[] {
  const strides: number[] = Array.from({ length: dims.length }, () => 0);
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= dims[i]!;
  }
  return strides;
}

/**
 * Broadcasts a float64 tensor to `dims` (numpy rules, one direction). The caller checks that
 * `source.dims` broadcasts to `dims`.
 */
export function broadcastTo(source: Float64Tensor, dims: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(dims));
  const offset = dims.length - source.dims.length;
  const sourceStrides = stridesOf(source.dims);
  const outStrides = stridesOf(dims);
  for (let i = 0; i < out.length; i++) {
    let index = 0;
    for (let axis = offset; axis < dims.length; axis++) {
      const coordinate = Math.floor(i / outStrides[axis]!) % dims[axis]!;
      const size = source.dims[axis - offset]!;
      if (size !== 1) index += coordinate * sourceStrides[axis - offset]!;
    }
    out[i] = source.data[index]!;
  }
  return out;
}
