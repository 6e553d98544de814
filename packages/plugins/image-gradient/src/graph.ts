import type { GraphBuilder, Value } from '@losskit/core';

/**
 * `|Δd|` along `axis` (`d[k+1] - d[k]`), scaled by `scale` and padded with a 0 after the last
 * position, so that it has `d`'s dims: position `k` holds the difference to its next neighbour.
 */
function edgeTerm(g: GraphBuilder, d: Value, axis: number, scale: number): Value {
  const size = d.shape[axis]!;
  const next = g.slice(d, { starts: [1], ends: [size], axes: [axis] });
  const previous = g.slice(d, { starts: [0], ends: [size - 1], axes: [axis] });
  const rank = d.shape.length;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[rank + axis] = 1;
  return g.pad(g.mul(g.abs(g.sub(next, previous)), scale), pads);
}

/**
 * The image gradient loss per pixel of `[..., H, W]`: with `d = prediction - target` (the
 * differences of `p - t` are those of `p` less those of `t`),
 * `W/(W-1) |Δₕd| + H/(H-1) |Δᵥd|`, each 0 past the last column or row. The scales make the
 * mean over every pixel the mean horizontal plus the mean vertical difference.
 */
export function imageGradientElementwise(g: GraphBuilder, prediction: Value, target: Value): Value {
  const rank = prediction.shape.length;
  const height = prediction.shape[rank - 2]!;
  const width = prediction.shape[rank - 1]!;
  const d = g.sub(prediction, target);
  return g.add(edgeTerm(g, d, rank - 1, width / (width - 1)), edgeTerm(g, d, rank - 2, height / (height - 1)));
}
