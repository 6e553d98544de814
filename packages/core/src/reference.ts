import { type HostTensor, InvalidInputError, broadcastsTo } from '@losskit/graph';
import { type LossPlugin, inputSpecsOf } from './plugin';
import { type Reduction, referenceReduction } from './reduction';
import type { Float64Tensor } from './tensor';

type AnyTensor = HostTensor<ArrayLike<number> | BigInt64Array>;

/**
 * Inputs of {@link referenceLoss}: the prediction, the plugin's declared inputs by name and
 * optional weights; float32, float64 or integer data.
 */
export interface ReferenceInputs {
  readonly prediction: AnyTensor;
  readonly target?: AnyTensor | undefined;
  readonly weights?: AnyTensor | undefined;
  readonly [name: string]: AnyTensor | undefined;
}

function toFloat64(tensor: AnyTensor): Float64Tensor {
  return { data: Float64Array.from(tensor.data as ArrayLike<number>, Number), dims: tensor.dims };
}

/** The loss computed entirely in float64 from the plugin's `reference`: the ground truth for tests. */
export function referenceLoss(plugin: LossPlugin<unknown>, inputs: ReferenceInputs, reduction: Reduction = 'mean'): Float64Tensor {
  const all: Record<string, Float64Tensor> = { prediction: toFloat64(inputs.prediction) };
  for (const name of Object.keys(inputSpecsOf(plugin))) {
    const tensor = inputs[name];
    if (tensor === undefined) throw new InvalidInputError(name, `a tensor (${plugin.name} takes ${name})`, undefined);
    all[name] = toFloat64(tensor);
  }
  const elementwise = plugin.reference(all.prediction!, all.target!, all);
  const weights = inputs.weights ? toFloat64(inputs.weights) : undefined;
  if (weights && !broadcastsTo(weights.dims, elementwise.dims)) {
    throw new InvalidInputError('weights.dims', `dims that broadcast to [${elementwise.dims.join(', ')}]`, `[${weights.dims.join(', ')}]`);
  }
  const mean = plugin.mean ? (weighted: Float64Tensor) => plugin.mean!.reference(weighted, all) : undefined;
  return referenceReduction(elementwise, weights, reduction, mean);
}
