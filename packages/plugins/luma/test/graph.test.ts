// Building a luma graph directly (no validate step) explains bad channel axes just as clearly.
import { InvalidInputError, buildLossModel } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { luma } from '../src/index';

describe('luma graph building', () => {
  it('refuses a tensor without 3 channels on the channel axis', () => {
    expect(() => buildLossModel(luma(), { dims: [2, 4, 8, 8] })).toThrowError(InvalidInputError);
    expect(() => buildLossModel(luma(), { dims: [2, 4, 8, 8] })).toThrowError(
      'Invalid prediction.dims: expected exactly 3 channels (R, G, B) on axis 1 (luma.channelAxis), received [2, 4, 8, 8], with 4 on axis 1',
    );
  });

  it('refuses a channel axis beyond the rank', () => {
    expect(() => buildLossModel(luma({ channelAxis: -4 }), { dims: [8, 8, 3] })).toThrowError(
      'Invalid prediction.dims: expected exactly 3 channels (R, G, B) on axis -4 (luma.channelAxis), received [8, 8, 3], which has no axis -4',
    );
  });

  it('records the options, the distance by name, in the model metadata', () => {
    const bytes = buildLossModel(luma({ coefficients: 'bt709', channelAxis: -1 }), { dims: [1, 2, 2, 3] });
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('{"coefficients":[0.2126,0.7152,0.0722],"distance":"l1()","channelAxis":-1}');
  });
});
