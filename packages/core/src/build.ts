import { type GradientRules, gradients } from '@losskit/autodiff';
import { GraphBuilder, InvalidInputError, type Value, broadcastsTo, encodeModel, optimizeGraph } from '@losskit/graph';
import { type LossPlugin, applyLoss, isLossPlugin } from './plugin';
import { type Reduction, applyReduction, checkReduction } from './reduction';
import { INPUT_CHECK_OUTPUT, hasGraphInputCheck, inputCheckGraph } from './input-check';
import { checkDims, checkLossDims } from './validate';

/** Options of {@link buildLossModel} and {@link buildLossGraph}. */
export interface BuildLossOptions {
  /** Dims of the prediction (and the target). */
  readonly dims: readonly number[];
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /** Dims of a `weights` input, broadcastable to the elementwise loss; no weights when omitted. */
  readonly weights?: readonly number[];
  /** Also output `gradient`, d loss / d prediction (for `none`, of the sum of the outputs). */
  readonly gradient?: boolean;
  /**
   * Also output `losskit/input-check` ({@link INPUT_CHECK_OUTPUT}), a scalar that is finite only
   * when every input value is finite and the plugin's value checks pass, so a session can skip
   * scanning the inputs in JavaScript. Ignored for a plugin with `validate` but no `inputCheck`.
   * Default `false`.
   */
  readonly inputCheck?: boolean;
  /**
   * The gradient rules for `gradient` (default: `defaultGradientRules` of @losskit/autodiff).
   * Sessions on CPU and WASM pass `{ ...defaultGradientRules, ...ieeeAbsRules }`: providers
   * with IEEE subnormals differentiate Abs in fewer passes.
   */
  readonly gradientRules?: GradientRules;
}

/** A built loss graph and its handles, for callers that extend the graph (training, tests). */
export interface LossGraph {
  readonly graph: GraphBuilder;
  readonly prediction: Value;
  readonly target: Value;
  readonly weights: Value | undefined;
  /** The elementwise (unreduced, unweighted) loss. */
  readonly elementwise: Value;
  /** The reduced loss output. */
  readonly loss: Value;
  readonly gradient: Value | undefined;
  /** The `losskit/input-check` output, when built. */
  readonly inputCheck: Value | undefined;
}

/**
 * Builds the loss graph: inputs `prediction`, `target` (and `weights`), output `loss` (and
 * `gradient`). Throws `InvalidInputError` for bad dims or weights that do not broadcast to the
 * elementwise loss, and `InvalidOptionError` for an unknown reduction.
 */
export function buildLossGraph(plugin: LossPlugin<unknown>, options: BuildLossOptions): LossGraph {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options', 'an object with dims', options);
  const dims = checkLossDims('dims', options.dims);
  const reduction = checkReduction(options.reduction ?? 'mean');
  const weightDims = options.weights === undefined ? undefined : checkDims('weights.dims', options.weights);

  const g = new GraphBuilder(`losskit-${plugin.name}`);
  const prediction = g.input('prediction', 'float32', dims);
  const target = g.input('target', 'float32', dims);
  const elementwise = applyLoss(g, plugin, prediction, target);
  let weights: Value | undefined;
  if (weightDims) {
    if (!broadcastsTo(weightDims, elementwise.shape)) {
      throw new InvalidInputError(
        'weights.dims',
        `dims that broadcast to the elementwise loss shape [${elementwise.shape.join(', ')}]`,
        `[${weightDims.join(', ')}]`,
      );
    }
    weights = g.input('weights', 'float32', weightDims);
  }
  const loss = g.output(applyReduction(g, elementwise, weights, reduction), 'loss');
  const gradient = options.gradient ? g.output(gradients(g, loss, [prediction], options.gradientRules ? { rules: options.gradientRules } : {})[0]!, 'gradient') : undefined;
  const inputCheck =
    options.inputCheck && hasGraphInputCheck(plugin)
      ? g.output(inputCheckGraph(g, plugin, weights ? [prediction, target, weights] : [prediction, target]), INPUT_CHECK_OUTPUT)
      : undefined;
  return { graph: g, prediction, target, weights, elementwise, loss, gradient, inputCheck };
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
