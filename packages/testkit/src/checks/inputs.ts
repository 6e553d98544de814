import type { HostTensor } from '@losskit/core';
import type { TensorCase } from '../cases';

/** A valid case's tensor as float32 (plain arrays and other array-likes are converted). */
export function toFloat32(tensor: TensorCase): HostTensor {
  return { data: tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data), dims: tensor.dims };
}

/**
 * An invalid case's tensor: plain arrays become Float32Array, typed arrays are passed as they
 * are, so that a case can check that a Float64Array is refused.
 */
export function asGiven(tensor: TensorCase): HostTensor {
  return (ArrayBuffer.isView(tensor.data) ? tensor : { data: Float32Array.from(tensor.data), dims: tensor.dims }) as HostTensor;
}

/** `[2, 3, 4]` -> `'2x3x4'`, `[]` -> `'scalar'`. */
export function dimsLabel(dims: readonly number[]): string {
  return dims.length === 0 ? 'scalar' : dims.join('x');
}
