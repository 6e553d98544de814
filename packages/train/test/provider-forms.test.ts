// trainerCompileOptions: the step-graph options of each provider come from its capabilities.
import { providerCapabilities } from '@losskit/runtime';
import { expect, it } from 'vitest';
import { trainerCompileOptions } from '../src/index';

it('reads every provider-dependent compile option from the provider capabilities', () => {
  for (const provider of ['cpu', 'wasm'] as const) {
    expect(trainerCompileOptions(provider), provider).toEqual({
      rules: providerCapabilities(provider).gradientRules,
      integerType: 'int64',
      hostViews: true,
      smallImageConv: true,
      widenNarrowBroadcasts: true,
    });
  }
  // WebGPU keeps outputs on the device, has no 64-bit integers and runs neither host form.
  expect(trainerCompileOptions('webgpu')).toEqual({
    rules: providerCapabilities('webgpu').gradientRules,
    integerType: 'int32',
    hostViews: false,
    smallImageConv: false,
    widenNarrowBroadcasts: false,
  });
  expect(trainerCompileOptions('cuda').hostViews).toBe(true);
});
