import type { GraphBuilder, Value } from '@losskit/core';

/** The difference `u = x - y + eps` and its p-norm along the last axis, as PyTorch's `pairwise_distance`. */
export interface PairwiseDistance {
  readonly u: Value;
  readonly distance: Value;
}

/** Below every float32 |u| that is not 0: keeps `|u|^(p-1)` finite where the sign multiplies it by 0. */
const TINY = 1e-30;

export function pairwiseDistance(g: GraphBuilder, x: Value, y: Value, p: number, eps: number): PairwiseDistance {
  const difference = g.sub(x, y);
  const u = eps === 0 ? difference : g.add(difference, eps);
  const axes = [x.shape.length - 1];
  if (p === 2) return { u, distance: g.sqrt(g.reduceSum(g.mul(u, u), { axes, keepdims: false })) };
  if (p === 1) return { u, distance: g.reduceSum(g.abs(u), { axes, keepdims: false }) };
  return { u, distance: g.pow(g.reduceSum(g.pow(g.abs(u), p), { axes, keepdims: false }), 1 / p) };
}

/** `sign(u)` as `[u > 0] - [u < 0]`: ONNX Runtime's WebGPU provider has no Sign kernel. */
function sign(g: GraphBuilder, u: Value): Value {
  return g.sub(g.cast(g.greater(u, 0), 'float32'), g.cast(g.less(u, 0), 'float32'));
}

/**
 * The gradient w.r.t. `x` of `distance(x, y)` given `dDistance` (`-` of it w.r.t. `y`), PyTorch's
 * `norm_backward`: `sign(u) |u|^(p-1) dDistance / distance^(p-1)`, which is `u dDistance / distance`
 * for p = 2 and `sign(u) dDistance` for p = 1, and 0 where the distance is 0 (autodiff through
 * Sqrt would give 0 / 0 there).
 */
export function pairwiseDistanceGradient(g: GraphBuilder, { u, distance }: PairwiseDistance, dDistance: Value, p: number): Value {
  const axis = u.shape.length - 1;
  if (p === 1) return g.mul(sign(g, u), g.unsqueeze(dDistance, [axis]));
  const positive = g.greater(distance, 0);
  const denominator = p === 2 ? g.where(positive, distance, 1) : g.pow(g.where(positive, distance, 1), p - 1);
  const scale = g.unsqueeze(g.where(positive, g.div(dDistance, denominator), 0), [axis]);
  if (p === 2) return g.mul(u, scale);
  return g.mul(g.mul(sign(g, u), g.pow(g.max(g.abs(u), TINY), p - 1)), scale);
}
