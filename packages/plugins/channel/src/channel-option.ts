import { InvalidOptionError, type OptionSpec, describeValue } from '@losskit/core';

/** The color names `channel` accepts and the index each selects (RGB order). */
export const CHANNEL_NAMES: Readonly<Record<'red' | 'green' | 'blue', number>> = Object.freeze({ red: 0, green: 1, blue: 2 });

/** A color name the `channel` option accepts (it also takes a channel index). */
export type ChannelName = keyof typeof CHANNEL_NAMES;

const EXPECTED = '"red", "green", "blue" or a channel index (an integer >= 0)';

/** The `channel` option, resolved to the index it selects. */
export const channelOption: OptionSpec<ChannelName | number, number> = {
  type: '"red" | "green" | "blue" | number',
  description:
    'The channel compared: a color name (red = 0, green = 1, blue = 2 in RGB order) or any index below the size of the channel axis (3 for RGBA alpha, say).',
  default: CHANNEL_NAMES.red,
  parse: (value, path) => {
    if (typeof value === 'string' && Object.hasOwn(CHANNEL_NAMES, value)) return CHANNEL_NAMES[value as ChannelName];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    throw new InvalidOptionError(path, EXPECTED, describeValue(value));
  },
};

/** `'red'` for 0, and so on; `channel 4` beyond blue. */
export function channelLabel(index: number): string {
  const name = Object.entries(CHANNEL_NAMES).find(([, i]) => i === index)?.[0];
  return name ? `channel ${index} (${name})` : `channel ${index}`;
}
