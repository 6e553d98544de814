import { InvalidInputError } from '@losskit/core';

/**
 * The non-negative channel axis of a tensor of `dims`, which must hold exactly 3 channels
 * (R, G, B) there. `channelAxis` counts from the end when negative (-1 = NHWC).
 */
export function lumaChannelAxis(dims: readonly number[], channelAxis: number, argument = 'prediction.dims'): number {
  const rank = dims.length;
  const axis = channelAxis < 0 ? channelAxis + rank : channelAxis;
  const expected = `exactly 3 channels (R, G, B) on axis ${channelAxis} (luma.channelAxis)`;
  const shown = `[${dims.join(', ')}]`;
  if (axis < 0 || axis >= rank) throw new InvalidInputError(argument, expected, `${shown}, which has no axis ${channelAxis}`);
  if (dims[axis] !== 3) throw new InvalidInputError(argument, expected, `${shown}, with ${dims[axis]} on axis ${channelAxis}`);
  return axis;
}
