import { type HostTensor, InvalidInputError, broadcastsTo } from '@losskit/graph';
import type { LossPlugin } from './plugin';
import { type Reduction, referenceReduction } from './reduction';
import type { Float64Tensor } from './tensor';

/** Inputs of {@link referenceLoss}; float32 or float64 data. */
export interface ReferenceInputs {
  readonly prediction: HostTensor<ArrayLike<number>>;
  readonly target: HostTensor<ArrayLike<number>>;
  readonly weights?: HostTensor<ArrayLike<number>> | undefined;
}

function toFloat64(tensor: HostTensor<ArrayLike<number>>): Float64Tensor {
  return { data: Float64Array.from(tensor.data), dims: tensor.dims };
}

/** The loss computed entirely in float64 from the plugin's `reference`: the ground truth for tests. */
export function referenceLoss(plugin: LossPlugin<unknown>, inputs: ReferenceInputs, reduction: Reduction = 'mean'): Float64Tensor {
  const elementwise = plugin.reference(toFloat64(inputs.prediction), toFloat64(inputs.target));
  const weights = inputs.weights ? toFloat64(inputs.weights) : undefined;
  if (weights && !broadcastsTo(weights.dims, elementwise.dims)) {
    throw new InvalidInputError('weights.dims', `dims that broadcast to [${elementwise.dims.join(', ')}]`, `[${weights.dims.join(', ')}]`);
  }
  return referenceReduction(elementwise, weights, reduction);
}
