import { type LossPlugin, type LossPluginFactory, type LumaCoefficients, type OptionSpec, defineViewLoss, option, pluginOption } from '@losskit/core';
import { l1 } from '@losskit/loss-l1';
import { coefficientsOption } from './coefficients';
import { lumaView } from './view';

// The standards live in core, so that image metrics outside this plugin use the same numbers.
export type { LumaCoefficients } from '@losskit/core';
export { LUMA_STANDARDS } from '@losskit/core';

/** The options of {@link luma}. */
export type LumaSchema = {
  /** Default `'bt601'`. */
  readonly coefficients: OptionSpec<'bt601' | 'bt709' | readonly number[], LumaCoefficients>;
  /** Default `l1()`. */
  readonly distance: OptionSpec<LossPlugin<unknown>>;
  /** Default `1` (NCHW); `-1` for NHWC. */
  readonly channelAxis: OptionSpec<number>;
};

const lumaSchema: LumaSchema = {
  coefficients: coefficientsOption,
  distance: pluginOption({
    description: 'The loss applied to the luma of the prediction and of the target, e.g. l1(), mse() or bce().',
    default: () => l1(),
  }),
  channelAxis: option.number({
    description: 'The axis holding R, G and B: 1 for NCHW, -1 for NHWC; negative values count from the end.',
    default: 1,
    integer: true,
  }),
};

/**
 * Luma loss: maps prediction and target to brightness `Y = r R + g G + b B` along the channel
 * axis and compares them with `distance` (L1 by default). Two images are "equal" when they
 * look the same in grayscale: a model trained with it keeps shapes and edges but is free to
 * pick any colors. The elementwise loss has the channel axis removed.
 */
export const luma: LossPluginFactory<LumaSchema> = defineViewLoss({
  name: 'luma',
  description: 'Compares the luma (grayscale brightness) of prediction and target with a distance such as L1; colors are free.',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/luma#readme',
  options: lumaSchema,
  view: ({ coefficients, channelAxis }) => lumaView(coefficients, channelAxis),
});
