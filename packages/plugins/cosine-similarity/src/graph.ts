import { type GraphBuilder, type Value, resolveAxes } from '@losskit/core';

/** Keras's `backend.epsilon()`: the floor of each vector's norm in `normalize`. */
export const EPSILON = 1e-7;

/** Where the compared axis comes from, for errors. */
export const AXIS_SOURCE = 'cosine-similarity.axis';

/** Keras 3's `normalize(x, axis)`: `x / sqrt(max(Σ x^2, ε^2))` along `axis`, so a zero vector stays 0. */
function l2Normalize(g: GraphBuilder, x: Value, axis: number): Value {
  const squares = g.reduceSum(g.mul(x, x), { axes: [axis], keepdims: true });
  return g.div(x, g.sqrt(g.max(squares, EPSILON * EPSILON)));
}

/**
 * Keras's cosine similarity loss: `-Σ normalize(t) normalize(p)` along `axis`, the axis removed.
 * Differentiated by autodiff; below the norm floor the gradient is that of `x / ε`, finite.
 */
export function cosineSimilarityElementwise(g: GraphBuilder, prediction: Value, target: Value, axis: number): Value {
  const [k] = resolveAxes(prediction.shape, [axis], AXIS_SOURCE);
  const products = g.mul(l2Normalize(g, target, k!), l2Normalize(g, prediction, k!));
  return g.neg(g.reduceSum(products, { axes: [k!], keepdims: false }));
}
