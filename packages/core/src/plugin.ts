import { defineGradient } from '@losskit/autodiff';
import { InvalidOptionError } from './errors';
import { type GraphBuilder, type HostTensor, type Value, describeValue } from '@losskit/graph';
import { type OptionsInput, type OptionsSchema, type ResolvedOptions, resolveOptions } from './options';
import { PLUGIN_NAME_PATTERN } from './naming';
import type { Float64Tensor } from './tensor';

/** The inputs of a loss, as plugins see them when validating data. */
export interface LossInputs {
  readonly prediction: HostTensor;
  readonly target: HostTensor;
}

/** What a plugin implements; everything else (weights, reductions, checks) comes from core. */
export interface LossImplementation {
  /**
   * Emits the ONNX ops of the unreduced (elementwise) loss. The result may have a different
   * shape than the prediction (luma drops the channel axis, for example).
   */
  elementwise(g: GraphBuilder, prediction: Value, target: Value): Value;
  /** The same unreduced loss in float64 JavaScript, the ground truth the test kit checks against. */
  reference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor;
  /**
   * Optional closed-form gradient of the unreduced loss w.r.t. the prediction, given the gradient
   * `dLoss` of the objective w.r.t. the unreduced loss. Use it where autodiff would be unstable.
   */
  gradient?(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value): Value;
  /** Optional checks of input values (ranges, channel counts); throws `InvalidInputError`. */
  validate?(inputs: LossInputs): void;
  /**
   * Optional graph form of `validate`'s value checks, so that sessions need not scan the inputs
   * in JavaScript: emits a scalar that is finite only when `validate` would pass on these
   * inputs (bce: 0 when every target is in [0, 1], +Infinity otherwise). It may throw for dims
   * `validate` refuses. A session runs `validate` itself only when the scalar is not finite, to
   * throw its precise error. Plugins with `validate` but no `inputCheck` are validated in
   * JavaScript before every run.
   */
  inputCheck?(g: GraphBuilder, prediction: Value, target: Value): Value;
}

/** A loss plugin: metadata, resolved options and the implementation. */
export interface LossPlugin<Options = Readonly<Record<string, unknown>>> extends LossImplementation {
  /** Short, unique, kebab-case name, e.g. `'l1'`. */
  readonly name: string;
  /** One sentence on what the loss measures. */
  readonly description: string;
  /** Where the documentation lives. */
  readonly docs: string | undefined;
  /** The resolved options, defaults included. */
  readonly options: Options;
}

/** A plugin factory, as plugin packages export it: `l1()`, `bce({ fromLogits: true })`. */
export interface LossPluginFactory<S extends OptionsSchema> {
  (options?: OptionsInput<S>): LossPlugin<ResolvedOptions<S>>;
  /** The plugin's name, available without creating one. */
  readonly pluginName: string;
  readonly description: string;
  readonly docs: string | undefined;
  /** The options schema: type, description and default of each option. */
  readonly schema: S;
}

/** What {@link defineLossPlugin} takes. */
export interface LossPluginDefinition<S extends OptionsSchema> {
  readonly name: string;
  readonly description: string;
  readonly docs?: string;
  readonly options: S;
  /** Builds the implementation for one set of resolved options. */
  create(options: ResolvedOptions<S>): LossImplementation;
}

/**
 * Defines a loss plugin. Returns a factory that validates user options against `options`
 * (unknown keys and wrong values are an `InvalidOptionError` naming `<name>.<option>`), fills in
 * defaults, and returns a plain plugin object.
 */
export function defineLossPlugin<S extends OptionsSchema>(definition: LossPluginDefinition<S>): LossPluginFactory<S> {
  if (!PLUGIN_NAME_PATTERN.test(definition.name)) {
    throw new InvalidOptionError('name', 'a kebab-case plugin name like "l1" or "my-loss"', describeValue(definition.name));
  }
  const factory = (input?: OptionsInput<S>): LossPlugin<ResolvedOptions<S>> => {
    const options = resolveOptions(definition.name, definition.options, input);
    const implementation = definition.create(options);
    return Object.freeze({
      name: definition.name,
      description: definition.description,
      docs: definition.docs,
      options,
      elementwise: implementation.elementwise,
      reference: implementation.reference,
      ...(implementation.gradient ? { gradient: implementation.gradient } : {}),
      ...(implementation.validate ? { validate: implementation.validate } : {}),
      ...(implementation.inputCheck ? { inputCheck: implementation.inputCheck } : {}),
    });
  };
  return Object.assign(factory, {
    pluginName: definition.name,
    description: definition.description,
    docs: definition.docs,
    schema: definition.options,
  });
}

/** Whether `value` looks like a loss plugin (used to validate plugin-valued options). */
export function isLossPlugin(value: unknown): value is LossPlugin {
  const v = value as Partial<LossPlugin> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.name === 'string' &&
    typeof v.elementwise === 'function' &&
    typeof v.reference === 'function'
  );
}

/**
 * Emits `plugin`'s unreduced loss into `g` and registers its closed-form gradient, if it has
 * one. Composite plugins use this to apply their `distance`, so a nested plugin's stable
 * gradient is used wherever it appears.
 */
export function applyLoss(g: GraphBuilder, plugin: LossPlugin<unknown>, prediction: Value, target: Value): Value {
  const loss = plugin.elementwise(g, prediction, target);
  const gradient = plugin.gradient;
  if (gradient) {
    defineGradient(g, loss, [prediction], (builder, dLoss) => [gradient(builder, prediction, target, dLoss)]);
  }
  return loss;
}
