import { type Model, numel } from '@losskit/graph';

/** One trainable parameter of a model: a float32 initializer not marked constant. */
export interface ParameterInfo {
  readonly name: string;
  readonly dims: readonly number[];
  readonly size: number;
}

/**
 * The float32 initializers of `model` that are not constants (`trainable: false`), in graph
 * order: the parameters of the reference models, which declare theirs with `parameter()`.
 */
export function modelParameters(model: Model): ParameterInfo[] {
  return model.graph.initializers
    .filter((t) => t.dtype === 'float32' && t.trainable !== false)
    .map((t) => ({ name: t.name, dims: [...t.dims], size: numel(t.dims) }));
}

/** The number of trainable scalars of `model`. */
export function parameterCount(model: Model): number {
  return modelParameters(model).reduce((sum, p) => sum + p.size, 0);
}
