import { type GraphBuilder, type Value, resolveAxes } from '@losskit/core';

/** Why the prediction needs a last axis, for errors. */
export const AXIS_USE = 'categorical-hinge compares the classes along the last axis';

/**
 * Keras's margin `neg - pos + 1` per sample, the last axis removed: `pos = Σ t p` (the true
 * class's score for a one-hot `t`), `neg = max((1 - t) p)` (the best other score, or 0 from the
 * true class itself when every other score is below 0, as Keras computes it).
 */
function margin(g: GraphBuilder, prediction: Value, target: Value): Value {
  const pos = g.reduceSum(g.mul(target, prediction), { axes: [-1], keepdims: false });
  const neg = g.reduceMax(g.mul(g.sub(1, target), prediction), { axes: [-1], keepdims: false });
  return g.add(g.sub(neg, pos), 1);
}

/** Keras's categorical hinge: `max(neg - pos + 1, 0)` per sample. */
export function categoricalHingeElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  resolveAxes(prediction.shape, [-1], AXIS_USE);
  return g.relu(margin(g, prediction, target));
}

/**
 * The closed-form gradient, as autodiff has no rule for ReduceMax: where the margin is positive,
 * `d l / d p = s (1 - t) - t`, `s` sharing the max's gradient equally among the classes that
 * reach it (as TensorFlow's and PyTorch's max gradients do), 0 elsewhere.
 */
export function categoricalHingeGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value): Value {
  const last = prediction.shape.length - 1;
  const others = g.mul(g.sub(1, target), prediction);
  const isMax = g.cast(g.equal(others, g.reduceMax(others, { axes: [last], keepdims: true })), 'float32');
  const share = g.div(isMax, g.reduceSum(isMax, { axes: [last], keepdims: true }));
  const active = g.cast(g.greater(margin(g, prediction, target), 0), 'float32');
  return g.mul(g.unsqueeze(g.mul(dLoss, active), [last]), g.sub(g.mul(share, g.sub(1, target)), target));
}
