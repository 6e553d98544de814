import type { Model } from '@losskit/graph';

/** One trainable parameter of a model: a float32 initializer. */
export interface ParameterInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly size: number;
}

/** The float32 initializers of `model` (the trainable parameters of the reference models), in graph order. */
export function modelParameters(model: Model): ParameterInfo[] {
  return model.graph.initializers
    .filter((t) => t.dtype === 'float32')
    .map((t) => ({ name: t.name, dims: [...t.dims], size: t.dims.reduce((a, b) => a * b, 1) }));
}

/** The number of trainable scalars of `model`. */
export function parameterCount(model: Model): number {
  return modelParameters(model).reduce((sum, p) => sum + p.size, 0);
}
