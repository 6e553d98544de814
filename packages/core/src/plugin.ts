import { defineGradient } from '@losskit/autodiff';
import { InvalidOptionError } from './errors';
import { type GraphBuilder, type HostTensor, type Value, describeValue } from '@losskit/graph';
import { type OptionsInput, type OptionsSchema, type ResolvedOptions, resolveOptions } from './options';
import { PLUGIN_NAME_PATTERN } from './naming';
import type { Float64Tensor } from './tensor';
import { type LossInputSpecs, V1_INPUTS, checkInputSpecs, differentiableInputs } from './inputs';

/**
 * The inputs of a loss, as plugins see them when validating data: the prediction and every
 * declared input by name, as float32 values (integer inputs converted).
 */
export interface LossInputs {
  readonly prediction: HostTensor;
  readonly target: HostTensor;
  readonly [name: string]: HostTensor;
}

/** Every input of a loss as graph values, by name: `prediction`, `target` and the declared extras. */
export type LossValues = Readonly<Record<string, Value>>;

/** Every input of a loss as float64 tensors, by name (integer inputs hold their integer values). */
export type Float64Inputs = Readonly<Record<string, Float64Tensor>>;

/**
 * A loss's own `'mean'`, where PyTorch's is not `Σ w·l / numel(l)`: cross-entropy's weighted
 * mean over the labels that are not ignored, CTC's mean of per-sample losses divided by target
 * lengths. Used for `reduction: 'mean'` only.
 */
export interface MeanReduction {
  /** Emits the scalar mean of the weighted elementwise loss `weighted`. */
  graph(g: GraphBuilder, weighted: Value, inputs: LossValues): Value;
  /** The same in float64. */
  reference(weighted: Float64Tensor, inputs: Float64Inputs): number;
  /** In words, for docs: `Σ w·l / Σ classWeights[target] over the labels not ignored`. */
  readonly description: string;
}

/** What a plugin implements; everything else (weights, reductions, checks) comes from core. */
export interface LossImplementation {
  /**
   * The inputs besides the prediction (contract v2), in graph order. Default: one float
   * `target` with the prediction's dims (contract v1). Declare class indices as
   * `{ target: { type: 'integer', dims: dimsWithoutAxis(1), range: ... } }`, extra inputs by
   * their PyTorch names (`positive`, `negative`, `variance`); leave `target` out for a loss
   * without one, and declare `inputs: {}` for a loss of the prediction alone (a regularizer such
   * as total variation), which is called as `computeLoss(totalVariation(), { prediction })`. A
   * loss without a target receives `undefined` for it.
   */
  readonly inputs?: LossInputSpecs;
  /**
   * Emits the ONNX ops of the unreduced (elementwise) loss. The result may have a different
   * shape than the prediction (luma drops the channel axis, cross-entropy the class axis).
   * `inputs` holds every input by name, the prediction and target included; integer inputs
   * are int64 values.
   */
  elementwise(g: GraphBuilder, prediction: Value, target: Value, inputs: LossValues): Value;
  /** The same unreduced loss in float64 JavaScript, the ground truth the test kit checks against. */
  reference(prediction: Float64Tensor, target: Float64Tensor, inputs: Float64Inputs): Float64Tensor;
  /**
   * Optional closed-form gradient of the unreduced loss, given the gradient `dLoss` of the
   * objective w.r.t. the unreduced loss: w.r.t. the prediction, or, when other inputs are
   * differentiable, a record with one gradient per differentiable input name. Use it where
   * autodiff would be unstable or slow.
   */
  gradient?(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, inputs: LossValues): Value | Readonly<Record<string, Value>>;
  /** Optional: PyTorch's `'mean'` where it is not `Σ w·l / numel(l)`. */
  readonly mean?: MeanReduction;
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
  inputCheck?(g: GraphBuilder, prediction: Value, target: Value, inputs: LossValues): Value;
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
      inputs: implementation.inputs === undefined ? V1_INPUTS : checkInputSpecs(definition.name, implementation.inputs),
      elementwise: implementation.elementwise,
      reference: implementation.reference,
      ...(implementation.mean ? { mean: implementation.mean } : {}),
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

/** The inputs `plugin` declares besides the prediction: its `inputs`, or v1's one float target. */
export function inputSpecsOf(plugin: LossPlugin<unknown>): LossInputSpecs {
  return plugin.inputs ?? V1_INPUTS;
}

/**
 * Emits `plugin`'s unreduced loss into `g` and registers its closed-form gradient, if it has
 * one. Composite plugins use this to apply their `distance`, so a nested plugin's stable
 * gradient is used wherever it appears. `inputs` holds the declared inputs besides the
 * prediction and target (none for v1 plugins).
 */
export function applyLoss(g: GraphBuilder, plugin: LossPlugin<unknown>, prediction: Value, target: Value, inputs: LossValues = {}): Value {
  const all: LossValues = { ...inputs, prediction, ...(target === undefined ? {} : { target }) };
  const loss = plugin.elementwise(g, prediction, target, all);
  const gradient = plugin.gradient;
  if (gradient) {
    const names = differentiableInputs(inputSpecsOf(plugin));
    defineGradient(g, loss, names.map((name) => all[name]!), (builder, dLoss) => {
      const result = gradient(builder, prediction, target, dLoss, all);
      if (names.length === 1 && isValue(result)) return [result];
      if (isValue(result)) {
        throw new InvalidOptionError(`${plugin.name}.gradient`, `a gradient for each differentiable input (${names.join(', ')})`, 'one value');
      }
      return names.map((name) => (result as Readonly<Record<string, Value>>)[name]);
    });
  }
  return loss;
}

function isValue(value: unknown): value is Value {
  return typeof (value as Value).name === 'string' && Array.isArray((value as Value).shape);
}
