import { type LossView, type LumaCoefficients, combineChannels, resolveChannelAxis } from '@losskit/core';

/** The luma view: `Y = r R + g G + b B` along the channel axis (exactly 3 channels there), the axis removed. */
export function lumaView(coefficients: LumaCoefficients, channelAxis: number): LossView {
  const expected = `exactly 3 channels (R, G, B) on axis ${channelAxis} (luma.channelAxis)`;
  const axisOf = (dims: readonly number[]): number => resolveChannelAxis(dims, channelAxis, expected, (size) => size === 3);
  const [r, gr, b] = coefficients;
  return {
    explanation: 'Y = r R + g G + b B, the channel axis removed',
    checkDims: axisOf,
    graph: (g, x) => {
      const axis = axisOf(x.shape);
      // Coefficients shaped [3, 1, ..., 1] broadcast against the axes after the channel axis.
      const trailing = x.shape.length - axis - 1;
      const weights = g.constant(Float32Array.from(coefficients), 'float32', [3, ...Array.from({ length: trailing }, () => 1)]);
      return g.reduceSum(g.mul(x, weights), { axes: [axis], keepdims: false });
    },
    values: (data, dims) => combineChannels(data, dims, axisOf(dims), (get) => r * get(0) + gr * get(1) + b * get(2)),
  };
}
