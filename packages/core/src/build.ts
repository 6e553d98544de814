import { type GradientRules, gradients as gradientsOf } from '@losskit/autodiff';
import { GraphBuilder, InvalidInputError, type Value, broadcastsTo, encodeModel, optimizeGraph } from '@losskit/graph';
import { differentiableInputs, samePredictionDims } from './inputs';
import { type LossPlugin, type LossValues, applyLoss, inputSpecsOf, isLossPlugin } from './plugin';
import { type Reduction, applyReduction, checkReduction } from './reduction';
import { INPUT_CHECK_OUTPUT, hasGraphInputCheck, inputCheckGraph } from './input-check';
import { partOutputName, recordedParts } from './parts';
import { checkDims, checkLossDims } from './validate';

/** Options of {@link buildLossModel} and {@link buildLossGraph}. */
export interface BuildLossOptions {
  /** Dims of the prediction (and of every input declared with the prediction's dims). */
  readonly dims: readonly number[];
  /**
   * Dims of declared inputs whose dims rule leaves an axis free (CTC's `target` `[N, S]`), by
   * input name; others follow from `dims`.
   */
  readonly inputDims?: Readonly<Record<string, readonly number[]>>;
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /** Dims of a `weights` input, broadcastable to the elementwise loss; no weights when omitted. */
  readonly weights?: readonly number[];
  /**
   * Also output `gradient`, d loss / d prediction (for `none`, of the sum of the outputs), and
   * `gradient.<input>` for each other differentiable input the plugin declares.
   */
  readonly gradient?: boolean;
  /**
   * The graph type of integer inputs (class indices, lengths). Default `'int64'`, ONNX's usual
   * index type; sessions on WebGPU use `'int32'`, which its kernels take (WebGPU has no 64-bit
   * integers, and ONNX Runtime's WebGPU provider has no int64 Cast).
   */
  readonly integerType?: 'int64' | 'int32';
  /**
   * Also output `losskit/input-check` ({@link INPUT_CHECK_OUTPUT}), a scalar that is finite only
   * when every input value is finite and the plugin's value checks pass, so a session can skip
   * scanning the inputs in JavaScript. Ignored for a plugin with `validate` but no `inputCheck`.
   * Default `false`.
   */
  readonly inputCheck?: boolean;
  /**
   * The gradient rules for `gradient` (default: `defaultGradientRules` of @losskit/autodiff).
   * Sessions on CPU and WASM pass `{ ...defaultGradientRules, ...ieeeAbsRules,
   * ...indexMaxPoolRules }`: providers with IEEE subnormals differentiate Abs in fewer passes,
   * and ONNX Runtime's CPU kernels return MaxPool's Indices, which its gradient scatters into.
   */
  readonly gradientRules?: GradientRules;
}

/** A built loss graph and its handles, for callers that extend the graph (training, tests). */
export interface LossGraph {
  readonly graph: GraphBuilder;
  readonly prediction: Value;
  /** The target input; `undefined` for a loss that declares none (a regularizer, triplet margin). */
  readonly target: Value;
  /** Every input by name: the prediction, the target and the plugin's declared extras. */
  readonly inputs: LossValues;
  readonly weights: Value | undefined;
  /** The elementwise (unreduced, unweighted) loss. */
  readonly elementwise: Value;
  /** The reduced loss output. */
  readonly loss: Value;
  /** d loss / d prediction, when built. */
  readonly gradient: Value | undefined;
  /** d loss / d each differentiable input, by input name (`prediction` included), when built. */
  readonly gradients: LossValues;
  /** The `losskit/input-check` output, when built. */
  readonly inputCheck: Value | undefined;
  /**
   * A combined loss's parts (`weightedSum`): each part's value by key, as the outputs
   * `losskit/part/<key>` (see `partOutputName`). Empty for every other loss, whose graphs have no
   * such outputs.
   */
  readonly parts: Readonly<Record<string, Value>>;
}

/**
 * The graph output holding d loss / d `input`: `gradient` for the prediction (as in contract
 * v1), `gradient.<input>` for another differentiable input (`gradient.positive`).
 */
export function gradientOutputName(input: string): string {
  return input === 'prediction' ? 'gradient' : `gradient.${input}`;
}

/** The static dims of each declared input: from its rule, or from `inputDims` where the rule leaves an axis free. */
function declaredInputDims(plugin: LossPlugin<unknown>, dims: readonly number[], given: BuildLossOptions['inputDims']): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const [name, spec] of Object.entries(inputSpecsOf(plugin))) {
    const expected = (spec.dims ?? samePredictionDims)(dims);
    const explicit = given?.[name];
    if (explicit === undefined) {
      const free = expected.indexOf(undefined);
      if (free >= 0) {
        throw new InvalidInputError(`inputDims.${name}`, `the dims of "${name}" (${spec.description}): its axis ${free} has no fixed size`, undefined);
      }
      out.set(name, expected as number[]);
      continue;
    }
    const checked = checkDims(`inputDims.${name}`, explicit);
    if (checked.length !== expected.length || expected.some((d, i) => d !== undefined && d !== checked[i])) {
      const shown = `[${expected.map((d) => d ?? 'any').join(', ')}]`;
      throw new InvalidInputError(`inputDims.${name}`, `${shown} for prediction dims [${dims.join(', ')}]`, `[${checked.join(', ')}]`);
    }
    out.set(name, checked);
  }
  return out;
}

/** Options of {@link emitLoss}. */
export interface EmitLossOptions {
  /** The graph input name of each declared input; default the input's own name (`target`). */
  readonly inputName?: (input: string) => string;
  /** Dims of declared inputs whose dims rule leaves an axis free (see {@link BuildLossOptions.inputDims}). */
  readonly inputDims?: Readonly<Record<string, readonly number[]>>;
  /** The graph type of integer inputs. Default `'int64'`. */
  readonly integerType?: 'int64' | 'int32';
}

/** What {@link emitLoss} added to a graph. */
export interface EmittedLoss {
  /** Every input of the loss by its declared name, the prediction included. */
  readonly inputs: LossValues;
  /** The elementwise (unreduced, unweighted) loss. */
  readonly elementwise: Value;
  /** A combined loss's part values (scalars) by key (`weightedSum`); absent for other losses. */
  readonly parts?: Readonly<Record<string, Value>>;
}

/**
 * Adds a plugin's loss on `prediction` to a graph: one graph input per declared input (float32,
 * or `integerType` for integers) and the elementwise loss. The one place a loss meets a graph:
 * standalone loss models ({@link buildLossGraph}) and training steps (`@losskit/train`) both
 * emit their loss with it, then reduce it with {@link reduceLoss}.
 */
export function emitLoss(g: GraphBuilder, plugin: LossPlugin<unknown>, prediction: Value, options: EmitLossOptions = {}): EmittedLoss {
  const specs = inputSpecsOf(plugin);
  const inputDims = declaredInputDims(plugin, prediction.shape, options.inputDims);
  const integerType = options.integerType ?? 'int64';
  const extras: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(specs)) {
    extras[name] = g.input(options.inputName?.(name) ?? name, spec.type === 'float' ? 'float32' : integerType, inputDims.get(name)!);
  }
  const { target, ...others } = extras;
  const elementwise = applyLoss(g, plugin, prediction, target as Value, others);
  const parts = recordedParts(elementwise);
  return { inputs: { prediction, ...extras }, elementwise, ...(parts ? { parts } : {}) };
}

/** Weights and reduces an emitted loss: `reduction` of `applyReduction`, with the plugin's own `mean` where it has one. */
export function reduceLoss(g: GraphBuilder, plugin: LossPlugin<unknown>, emitted: EmittedLoss, weights: Value | undefined, reduction: Reduction): Value {
  const mean = plugin.mean ? (weighted: Value) => plugin.mean!.graph(g, weighted, emitted.inputs) : undefined;
  return applyReduction(g, emitted.elementwise, weights, reduction, mean);
}

/**
 * Builds the loss graph: inputs `prediction`, the plugin's declared inputs (`target` for most
 * losses; int64 for integer inputs) and `weights`; output `loss`, with `gradient` one
 * gradient output per differentiable input (see {@link gradientOutputName}), and for a combined
 * loss (`weightedSum`) one output per part, `losskit/part/<key>`. Throws
 * `InvalidInputError` for bad dims or weights that do not broadcast to the elementwise loss, and
 * `InvalidOptionError` for an unknown reduction.
 */
export function buildLossGraph(plugin: LossPlugin<unknown>, options: BuildLossOptions): LossGraph {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options', 'an object with dims', options);
  const dims = checkLossDims('dims', options.dims);
  const reduction = checkReduction(options.reduction ?? 'mean');
  const weightDims = options.weights === undefined ? undefined : checkDims('weights.dims', options.weights);
  const specs = inputSpecsOf(plugin);

  const g = new GraphBuilder(`losskit-${plugin.name}`);
  const prediction = g.input('prediction', 'float32', dims);
  const emitted = emitLoss(g, plugin, prediction, {
    ...(options.inputDims ? { inputDims: options.inputDims } : {}),
    ...(options.integerType ? { integerType: options.integerType } : {}),
  });
  const { inputs, elementwise } = emitted;
  let weights: Value | undefined;
  if (weightDims) {
    if (!broadcastsTo(weightDims, elementwise.shape)) {
      throw new InvalidInputError(
        'weights.dims',
        `dims that broadcast to the elementwise loss shape [${elementwise.shape.join(', ')}]`,
        `[${weightDims.join(', ')}]`,
        // A combined loss reduces each part by its own mean: one value, which weights can only scale.
        emitted.parts ? `${plugin.name} is reduced already (each part by its own mean): weights can only scale it, with dims [] or [1]` : undefined,
      );
    }
    weights = g.input('weights', 'float32', weightDims);
  }
  const loss = g.output(reduceLoss(g, plugin, emitted, weights, reduction), 'loss');
  const parts = Object.fromEntries(Object.entries(emitted.parts ?? {}).map(([key, value]) => [key, g.output(value, partOutputName(key))]));
  const gradients: Record<string, Value> = {};
  if (options.gradient) {
    const names = differentiableInputs(specs);
    const values = gradientsOf(g, loss, names.map((name) => inputs[name]!), options.gradientRules ? { rules: options.gradientRules } : {});
    names.forEach((name, i) => (gradients[name] = g.output(values[i]!, gradientOutputName(name))));
  }
  const floats = [prediction, ...Object.keys(specs).filter((name) => specs[name]!.type === 'float').map((name) => inputs[name]!)];
  const inputCheck =
    options.inputCheck && hasGraphInputCheck(plugin)
      ? g.output(inputCheckGraph(g, plugin, weights ? [...floats, weights] : floats, inputs), INPUT_CHECK_OUTPUT)
      : undefined;
  return { graph: g, prediction, target: inputs.target as Value, inputs, weights, elementwise, loss, gradient: gradients.prediction, gradients, inputCheck, parts };
}

/** Builds a standalone ONNX model (IR 8, opset 18) of `plugin` with the given reduction. */
export function buildLossModel(plugin: LossPlugin<unknown>, options: BuildLossOptions): Uint8Array {
  const { graph } = buildLossGraph(plugin, options);
  const model = graph.toModel({
    docString: `${plugin.name}: ${plugin.description}`,
    metadata: {
      'losskit.plugin': plugin.name,
      'losskit.options': JSON.stringify(plugin.options, (_, v: unknown) => (isLossPlugin(v) ? `${v.name}()` : v)),
      'losskit.reduction': options.reduction ?? 'mean',
    },
  });
  // Gradients spread reductions with Expand; optimizeGraph lets ONNX Runtime broadcast instead.
  return encodeModel({ ...model, graph: optimizeGraph(model.graph) });
}
