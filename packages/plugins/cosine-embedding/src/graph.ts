import type { GraphBuilder, Value } from '@losskit/core';

/** PyTorch's EPSILON (a C++ float) added to each squared norm, so a zero vector has cosine 0, not 0/0. */
export const EPSILON: number = Math.fround(1e-12);

/**
 * Cosine embedding loss per pair, PyTorch's formula: with `cos = x1·x2 / sqrt((|x1|² + ε)(|x2|² + ε))`
 * along the last axis, `1 - cos` for similar pairs (target 1) and `max(0, cos - margin)` for
 * dissimilar ones (target -1). Autodiff differentiates it for both embeddings; Clip passes the
 * gradient at exactly the margin, as PyTorch's `clamp_min` does.
 */
export function cosineEmbeddingElementwise(g: GraphBuilder, x1: Value, x2: Value, target: Value, margin: number): Value {
  const axes = [x1.shape.length - 1];
  const dot = (a: Value, b: Value) => g.reduceSum(g.mul(a, b), { axes, keepdims: false });
  const squared1 = g.add(dot(x1, x1), EPSILON);
  const squared2 = g.add(dot(x2, x2), EPSILON);
  const cos = g.div(dot(x1, x2), g.sqrt(g.mul(squared1, squared2)));
  return g.where(g.greater(target, 0), g.sub(1, cos), g.clip(g.sub(cos, margin), 0));
}
