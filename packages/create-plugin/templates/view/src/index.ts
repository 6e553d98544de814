import {
  type LossPlugin,
  type LossPluginFactory,
  type OptionSpec,
  combineChannels,
  defineViewLoss,
  option,
  pluginOption,
  resolveChannelAxis,
} from '@losskit/core';
import { l1 } from '@losskit/loss-l1';

/** The options of {@link {{factoryName}}}. */
export type {{typeName}}Schema = {
  /** The loss compared in the view. Default `l1()`. */
  readonly distance: OptionSpec<LossPlugin<unknown>>;
  /** Default `1` (NCHW); `-1` for NHWC. */
  readonly channelAxis: OptionSpec<number>;
};

const schema: {{typeName}}Schema = {
  distance: pluginOption({
    description: 'The loss applied to the channel means of the prediction and of the target, e.g. l1() or mse().',
    default: () => l1(),
  }),
  channelAxis: option.number({
    description: 'The axis holding the channels: 1 for NCHW, -1 for NHWC; negative values count from the end.',
    default: 1,
    integer: true,
  }),
};

/**
 * A view loss: maps prediction and target to the mean over their channels (an unweighted
 * grayscale) and compares the two with `distance`, any loss plugin. `defineViewLoss` supplies
 * the rest: the distance's closed-form gradient is kept, its reference runs on the viewed values,
 * and its input checks too, with errors that name the view.
 *
 * Replace the view with yours: the same map as ONNX ops (`graph`) and in float64 (`values`).
 */
export const {{factoryName}}: LossPluginFactory<{{typeName}}Schema> = defineViewLoss({
  name: '{{pluginName}}',
  description: 'Compares the mean over channels (an unweighted grayscale) of prediction and target with a distance such as L1.',
  docs: 'https://www.npmjs.com/package/{{packageName}}',
  options: schema,
  view: ({ channelAxis }) => {
    const expected = `a channel axis ${channelAxis} ({{pluginName}}.channelAxis)`;
    const axisOf = (dims: readonly number[]): number => resolveChannelAxis(dims, channelAxis, expected, (size) => size > 0);
    return {
      explanation: 'the mean over channels, the channel axis removed',
      checkDims: axisOf,
      graph: (g, x) => g.reduceMean(x, { axes: [axisOf(x.shape)], keepdims: false }),
      values: (data, dims) => {
        const axis = axisOf(dims);
        const channels = dims[axis]!;
        return combineChannels(data, dims, axis, (get) => {
          let sum = 0;
          for (let c = 0; c < channels; c++) sum += get(c);
          return sum / channels;
        });
      },
    };
  },
});
