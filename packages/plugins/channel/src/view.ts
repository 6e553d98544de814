import { type LossView, combineChannels, resolveChannelAxis } from '@losskit/core';
import { channelLabel } from './channel-option';

/** The channel view: channel `index` along the channel axis, the axis removed. */
export function channelView(index: number, channelAxis: number): LossView {
  const expected = `at least ${index + 1} channel${index === 0 ? '' : 's'} on axis ${channelAxis} (channel.channelAxis) to select ${channelLabel(index)}`;
  const axisOf = (dims: readonly number[]): number => resolveChannelAxis(dims, channelAxis, expected, (size) => size > index);
  return {
    explanation: `${channelLabel(index)} alone, the channel axis removed`,
    checkDims: axisOf,
    // Slice, then Squeeze: both differentiable.
    graph: (g, x) => {
      const axis = axisOf(x.shape);
      return g.squeeze(g.slice(x, { starts: [index], ends: [index + 1], axes: [axis] }), [axis]);
    },
    values: (data, dims) => combineChannels(data, dims, axisOf(dims), (get) => get(index)),
  };
}
