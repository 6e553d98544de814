import type { GraphBuilder, Value } from '@losskit/core';

/** Channel `index` along `axis` as graph ops (Slice, then Squeeze: both differentiable). */
export function channelGraph(g: GraphBuilder, x: Value, axis: number, index: number): Value {
  return g.squeeze(g.slice(x, { starts: [index], ends: [index + 1], axes: [axis] }), [axis]);
}

/** The same selection in JavaScript: the values and the dims without the channel axis. */
export function channelValues(
  data: ArrayLike<number>,
  dims: readonly number[],
  axis: number,
  index: number,
): { values: Float64Array; dims: number[] } {
  const outer = dims.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = dims.slice(axis + 1).reduce((n, d) => n * d, 1);
  const channels = dims[axis]!;
  const values = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) values[o * inner + i] = data[(o * channels + index) * inner + i]!;
  }
  return { values, dims: dims.filter((_, k) => k !== axis) };
}
