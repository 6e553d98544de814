import type { GraphBuilder, Value } from '@losskit/core';
import type { LumaCoefficients } from './coefficients';

/** `Y = r R + g G + b B` along `axis` (3 channels there) as graph ops; the axis is removed. */
export function lumaGraph(g: GraphBuilder, x: Value, axis: number, coefficients: LumaCoefficients): Value {
  // Coefficients shaped [3, 1, ..., 1] broadcast against the axes after the channel axis.
  const trailing = x.shape.length - axis - 1;
  const weights = g.constant(Float32Array.from(coefficients), 'float32', [3, ...Array.from({ length: trailing }, () => 1)]);
  return g.reduceSum(g.mul(x, weights), { axes: [axis], keepdims: false });
}

/**
 * The same luma in JavaScript (float64 arithmetic) for the reference and for input checks:
 * returns the values and the dims without the channel axis.
 */
export function lumaValues(
  data: ArrayLike<number>,
  dims: readonly number[],
  axis: number,
  coefficients: LumaCoefficients,
): { values: Float64Array; dims: number[] } {
  const outer = dims.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = dims.slice(axis + 1).reduce((n, d) => n * d, 1);
  const values = new Float64Array(outer * inner);
  const [r, gr, b] = coefficients;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * 3 * inner + i;
      values[o * inner + i] = r * data[base]! + gr * data[base + inner]! + b * data[base + 2 * inner]!;
    }
  }
  return { values, dims: dims.filter((_, k) => k !== axis) };
}
