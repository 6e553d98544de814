import { type GraphBuilder, type Value, resolveAxes, signedLabels } from '@losskit/core';

/** Why the prediction needs a last axis, for errors. */
export const AXIS_USE = 'hinge averages over the last axis';

/**
 * Keras's hinge: `mean(max(1 - y p, 0))` over the last axis, `y` the target as signed labels
 * (0/1 labels read as -1/1, see `signedLabels` in @losskit/core). Relu is `max(x, 0)`, and
 * autodiff differentiates it with a Where, which every provider runs.
 */
export function hingeElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  resolveAxes(prediction.shape, [-1], AXIS_USE);
  const margins = g.relu(g.sub(1, g.mul(signedLabels(g, target), prediction)));
  return g.reduceMean(margins, { axes: [-1], keepdims: false });
}
