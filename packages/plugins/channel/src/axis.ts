import { InvalidInputError } from '@losskit/core';
import { channelLabel } from './channel-option';

/**
 * The non-negative channel axis of a tensor of `dims`, which must hold channel `index` there.
 * `channelAxis` counts from the end when negative (-1 = NHWC).
 */
export function selectedChannelAxis(dims: readonly number[], channelAxis: number, index: number, argument = 'prediction.dims'): number {
  const rank = dims.length;
  const axis = channelAxis < 0 ? channelAxis + rank : channelAxis;
  const expected = `at least ${index + 1} channel${index === 0 ? '' : 's'} on axis ${channelAxis} (channel.channelAxis) to select ${channelLabel(index)}`;
  const shown = `[${dims.join(', ')}]`;
  if (axis < 0 || axis >= rank) throw new InvalidInputError(argument, expected, `${shown}, which has no axis ${channelAxis}`);
  if (dims[axis]! <= index) throw new InvalidInputError(argument, expected, `${shown}, with ${dims[axis]} on axis ${channelAxis}`);
  return axis;
}
