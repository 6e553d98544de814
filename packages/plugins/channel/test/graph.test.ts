// Building a channel graph directly (no validate step) explains bad channel axes just as clearly.
import { InvalidInputError, buildLossModel } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { channel } from '../src/index';

describe('channel graph building', () => {
  it('refuses a tensor without the selected channel', () => {
    expect(() => buildLossModel(channel({ channel: 'blue' }), { dims: [2, 2, 8, 8] })).toThrowError(InvalidInputError);
    expect(() => buildLossModel(channel({ channel: 'blue' }), { dims: [2, 2, 8, 8] })).toThrowError(
      'Invalid prediction.dims: expected at least 3 channels on axis 1 (channel.channelAxis) to select channel 2 (blue), received [2, 2, 8, 8], with 2 on axis 1',
    );
  });

  it('refuses a channel axis beyond the rank', () => {
    expect(() => buildLossModel(channel({ channelAxis: 3 }), { dims: [8, 8, 3] })).toThrowError(
      'Invalid prediction.dims: expected at least 1 channel on axis 3 (channel.channelAxis) to select channel 0 (red), received [8, 8, 3], which has no axis 3',
    );
  });

  it('resolves color names to indices and records the distance by name in the model metadata', () => {
    expect(channel({ channel: 'green' }).options.channel).toBe(1);
    const bytes = buildLossModel(channel({ channel: 'blue', channelAxis: -1 }), { dims: [1, 2, 2, 3] });
    expect(new TextDecoder().decode(bytes)).toContain('{"channel":2,"distance":"l1()","channelAxis":-1}');
  });
});
