import { InvalidOptionError } from './errors';
import { InvalidInputError, describeValue } from '@losskit/graph';
import type { OptionSpec } from './options';
import { samePredictionDims } from './inputs';
import { type LossInputs, type LossPlugin, inputSpecsOf, isLossPlugin } from './plugin';

/**
 * The option of a composite plugin that takes another plugin (luma's and channel's `distance`).
 * A factory passed instead of a plugin (`l1` rather than `l1()`) gets an error that says so.
 */
export function pluginOption(spec: { description: string; default?: () => LossPlugin<unknown> }): OptionSpec<LossPlugin<unknown>> {
  return {
    type: 'a loss plugin such as l1()',
    description: spec.description,
    // Without a default the option is required (the trainer's `loss`).
    default: spec.default ?? (() => undefined as never),
    required: spec.default === undefined,
    parse: (value, path) => {
      if (isLossPlugin(value)) return value;
      const pluginName = (value as { pluginName?: unknown } | null)?.pluginName;
      if (typeof value === 'function' && typeof pluginName === 'string') {
        throw new InvalidOptionError(path, `a loss plugin such as ${pluginName}() (call the factory)`, `the factory ${pluginName} itself`);
      }
      throw new InvalidOptionError(path, 'a loss plugin such as l1() or mse()', describeValue(value));
    },
  };
}

/**
 * Runs a nested plugin's input checks (bce's [0, 1] ranges, say) on the tensors a composite
 * plugin hands it, so bad values are caught before any runtime sees them. Errors name the view,
 * e.g. `luma(target).data[5]`, and say how the view was made (`detail`). With `view`
 * `undefined` the tensors are the user's own (the parts of `weightedSum`): errors keep their
 * argument, `target.data[5]`, and gain `detail`.
 */
export function validateNested(plugin: LossPlugin<unknown>, inputs: LossInputs, view: string | undefined, detail: string): void {
  if (!plugin.validate) return;
  try {
    plugin.validate(inputs);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const argument = view === undefined ? error.argument : error.argument.replace(/^(prediction|target)/, `${view}($1)`);
    throw new InvalidInputError(argument, error.expected, error.received, detail);
  }
}

/**
 * Checks the `distance` option of a composite plugin (`luma`, `channel`, `perceptual`): it maps
 * prediction and target alike, so its distance must compare two float tensors of the same dims
 * (contract v1's inputs): cross-entropy over class indices has no luma view. Throws
 * `InvalidOptionError` on `<owner>.distance`.
 */
export function checkDistance(owner: string, distance: LossPlugin<unknown>): void {
  const specs = inputSpecsOf(distance);
  const names = Object.keys(specs);
  const target = specs.target;
  if (names.length !== 1 || !target || target.type !== 'float' || (target.dims !== undefined && target.dims !== samePredictionDims)) {
    throw new InvalidOptionError(
      `${owner}.distance`,
      'a loss of a prediction and a float target with its dims, such as l1() or mse()',
      `${distance.name}(), which takes ${names.length === 0 ? 'no target' : names.map((n) => `${n} (${specs[n]!.description})`).join(', ')}`,
    );
  }
}
