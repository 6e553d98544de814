import { type HostTensor, numel } from '@losskit/graph';

/** An integer tensor passed to a loss (class indices, lengths): int32 or int64 values and their dims. */
export type IntegerTensor = HostTensor<Int32Array | BigInt64Array>;

/** Any tensor a loss takes: float inputs as a `HostTensor`, integer inputs as an {@link IntegerTensor}. */
export type LossTensor = HostTensor | IntegerTensor;

/**
 * `tensor` with its integers in a graph's integer type (ONNX Runtime converts none itself):
 * Int32Array widened for int64 inputs, BigInt64Array narrowed for int32 ones (WebGPU). Callers
 * pass checked class indices and lengths, which int32 holds exactly. Float tensors pass through.
 */
export function toIntegerType<T extends LossTensor>(tensor: T, type: 'int64' | 'int32'): T {
  const { data, dims } = tensor;
  if (type === 'int64' && data instanceof Int32Array) return { data: BigInt64Array.from(data, BigInt), dims } as T;
  if (type === 'int32' && data instanceof BigInt64Array) return { data: Int32Array.from(data, Number), dims } as T;
  return tensor;
}

/** A float64 tensor, used by plugin references and the test kit. */
export type Float64Tensor = HostTensor<Float64Array>;

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
  const out = new Float64Array(numel(dims));
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
