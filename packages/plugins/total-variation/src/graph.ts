import type { GraphBuilder, Value } from '@losskit/core';
import { imageSize } from './dims';
import type { TotalVariationSettings } from './options';

/** `x[..., 1:] - x[..., :-1]` along `axis`: the differences between neighbours on that axis. */
function neighbourDifferences(g: GraphBuilder, x: Value, axis: number): Value {
  const size = x.shape[axis]!;
  const next = g.slice(x, { starts: [1], ends: [size], axes: [axis] });
  const previous = g.slice(x, { starts: [0], ends: [size - 1], axes: [axis] });
  return g.sub(next, previous);
}

/**
 * The total variation of each image of `x` `[..., H, W]`, as `[...]`: the absolute (`l1`) or
 * squared (`l2`) vertical and horizontal differences, summed or averaged over each image.
 * Abs's gradient is 0 at a zero difference on every provider (autodiff's rules), as PyTorch's.
 */
export function totalVariationElementwise(g: GraphBuilder, x: Value, settings: TotalVariationSettings): Value {
  imageSize(x.shape);
  const rank = x.shape.length;
  const axes = [rank - 2, rank - 1];
  const term = (axis: number): Value => {
    const d = neighbourDifferences(g, x, axis);
    const cost = settings.norm === 'l1' ? g.abs(d) : g.mul(d, d);
    return settings.imageReduction === 'sum' ? g.reduceSum(cost, { axes, keepdims: false }) : g.reduceMean(cost, { axes, keepdims: false });
  };
  return g.add(term(rank - 2), term(rank - 1));
}
