import { type HostTensor, type LossPlugin, type LossTensor, inputSpecsOf } from '@losskit/core';
import type { TensorCase } from '../cases';

/** A valid case's tensor as float32 (plain arrays and other array-likes are converted). */
export function toFloat32(tensor: TensorCase): HostTensor {
  return { data: tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data as ArrayLike<number>, Number), dims: tensor.dims };
}

/** A valid case's integer tensor (class indices, lengths) as an Int32Array. */
function toInt32(tensor: TensorCase): LossTensor {
  return { data: tensor.data instanceof Int32Array ? tensor.data : Int32Array.from(tensor.data as ArrayLike<number>, Number), dims: tensor.dims };
}

/**
 * A valid case's declared inputs (`target` and the extras) as the plugin declares them: float32,
 * or integers as Int32Array. Inputs the plugin does not declare are left out.
 */
export function declaredInputs(plugin: LossPlugin<unknown>, c: { readonly target?: TensorCase; readonly inputs?: Readonly<Record<string, TensorCase>> }): Record<string, LossTensor> {
  const out: Record<string, LossTensor> = {};
  for (const [name, spec] of Object.entries(inputSpecsOf(plugin))) {
    const tensor = name === 'target' ? c.target : c.inputs?.[name];
    if (tensor === undefined) throw new TypeError(`The test case gives no "${name}", which ${plugin.name} takes (${spec.description})`);
    out[name] = spec.type === 'float' ? toFloat32(tensor) : toInt32(tensor);
  }
  return out;
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
