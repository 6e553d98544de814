import { InvalidInputError, InvalidOptionError, type LossInputs, type LossPlugin, type OptionSpec, describeValue, isLossPlugin } from '@losskit/core';
import { l1 } from '@losskit/loss-l1';

/** The `distance` option: any loss plugin, `l1()` by default. */
export const distanceOption: OptionSpec<LossPlugin<unknown>> = {
  type: 'LossPlugin',
  description: 'The loss applied to the selected channel of the prediction and of the target, e.g. l1(), mse() or bce().',
  default: () => l1(),
  parse: (value, path) => {
    if (isLossPlugin(value)) return value;
    const pluginName = (value as { pluginName?: unknown } | null)?.pluginName;
    if (typeof value === 'function' && typeof pluginName === 'string') {
      throw new InvalidOptionError(path, `a loss plugin such as ${pluginName}() (call the factory)`, `the factory ${pluginName} itself`);
    }
    throw new InvalidOptionError(path, 'a loss plugin such as l1() or mse()', describeValue(value));
  },
};

/**
 * Runs the distance's own input checks (bce's [0, 1] ranges, say) on the selected channel, so
 * bad values are caught before any runtime sees them. Their errors name the channel, e.g.
 * `channel(target).data[5]`, whose index counts elements of the channel (channel axis removed).
 */
export function validateDistance(distance: LossPlugin<unknown>, selected: LossInputs, label: string): void {
  if (!distance.validate) return;
  try {
    distance.validate(selected);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const argument = error.argument.replace(/^(prediction|target)/, 'channel($1)');
    throw new InvalidInputError(argument, error.expected, error.received, `channel applies ${distance.name} to ${label} alone, the channel axis removed`);
  }
}
