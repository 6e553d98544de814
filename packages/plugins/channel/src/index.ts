import { type LossPlugin, type LossPluginFactory, type OptionSpec, defineViewLoss, option, pluginOption } from '@losskit/core';
import { l1 } from '@losskit/loss-l1';
import { type ChannelName, channelOption } from './channel-option';
import { channelView } from './view';

export type { ChannelName } from './channel-option';
export { CHANNEL_NAMES } from './channel-option';

/** The options of {@link channel}. */
export type ChannelSchema = {
  /** Default `'red'` (index 0); resolved to the index. */
  readonly channel: OptionSpec<ChannelName | number, number>;
  /** Default `l1()`. */
  readonly distance: OptionSpec<LossPlugin<unknown>>;
  /** Default `1` (NCHW); `-1` for NHWC. */
  readonly channelAxis: OptionSpec<number>;
};

const channelSchema: ChannelSchema = {
  channel: channelOption,
  distance: pluginOption({
    description: 'The loss applied to the selected channel of the prediction and of the target, e.g. l1(), mse() or bce().',
    default: () => l1(),
  }),
  channelAxis: option.number({
    description: 'The axis holding the channels: 1 for NCHW, -1 for NHWC; negative values count from the end.',
    default: 1,
    integer: true,
  }),
};

/**
 * Single-channel loss: selects one channel (red by default) of prediction and target along the
 * channel axis and compares them with `distance` (L1 by default). Two images are "equal" when
 * that channel matches; the others are free, so a model trained on red alone reconstructs red
 * and a dark-cyan mix of the rest. The elementwise loss has the channel axis removed.
 */
export const channel: LossPluginFactory<ChannelSchema> = defineViewLoss({
  name: 'channel',
  description: 'Compares one color channel (red, green, blue or any index) of prediction and target with a distance such as L1.',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/channel#readme',
  options: channelSchema,
  view: ({ channel: index, channelAxis }) => channelView(index, channelAxis),
});
