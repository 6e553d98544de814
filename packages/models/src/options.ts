import { type OptionSpec, option } from '@losskit/core';

// Option specs the models and data helpers share; each function resolves its options with
// core's resolveOptions, so their errors read like every other losskit option error.

export const channelsOption: OptionSpec<number> = option.positiveInteger({ description: 'Image channels.', default: 3 });
export const sizeOption: OptionSpec<number> = option.positiveInteger({ description: 'Image height and width.', default: 32 });
export const seedOption: OptionSpec<number> = option.integer({ description: 'Seed (only its low 32 bits matter).', default: 0 });
export const countOption: OptionSpec<number> = option.required(option.positiveInteger({ description: 'Number of images.', default: 1 }));

export function widthsOption(fallback: readonly number[]): OptionSpec<readonly number[]> {
  return option.array({
    description: 'Channels of each stage, each halving the spatial size.',
    default: () => fallback,
    minLength: 1,
    item: option.positiveInteger({ description: 'Channels of one stage.', default: 1 }),
  });
}

export function activationOption(fallback: 'relu' | 'leakyRelu'): OptionSpec<'relu' | 'leakyRelu'> {
  return option.oneOf({ description: 'Hidden activation.', values: ['relu', 'leakyRelu'] as const, default: fallback });
}

// The class-index classifiers default to the bundled digits: one channel, 8x8, ten classes.
export const digitChannelsOption: OptionSpec<number> = option.positiveInteger({ description: 'Image channels.', default: 1 });
export const digitSizeOption: OptionSpec<number> = option.positiveInteger({ description: 'Image height and width.', default: 8 });
export const classesOption: OptionSpec<number> = option.number({ description: 'Number of classes: the logits per image.', default: 10, min: 2, integer: true });
