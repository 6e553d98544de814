import { type GradientRules, gradients } from '@losskit/autodiff';
import { type EmittedLoss, type LossPlugin, type Reduction, applyReduction, emitLoss, partOutputName, reduceLoss } from '@losskit/core';
import { GraphBuilder, InvalidOptionError, type Value, encodeModel, numel, optimizeGraph } from '@losskit/graph';
import { type LoweringOptions, lowering } from './lower';
import { type PreparedModel, withParamsAsInputs } from './model';
import { NAMES } from './names';
import { idGraphType } from './token-ids';
import type { Optimizer } from './optimizers';
import { type FlatLayout, emitParameterUpdates, flatLayout } from './step-update';

/**
 * The model's forward pass, specialised to `inputDims`, with parameters as graph inputs and
 * token ids in the provider's integer type.
 */
function forward(
  prepared: PreparedModel,
  inputDims: readonly number[],
  mode: 'train' | 'eval',
  integerType: 'int64' | 'int32' | undefined,
  forms: LoweringOptions = {},
  flat?: FlatLayout,
): { g: GraphBuilder; prediction: Value; params: Value[] } {
  const graph = withParamsAsInputs(prepared, prepared.ids ? idGraphType(prepared.ids, integerType ?? 'int64') : undefined, flat);
  // The model's functions carry its gradient overrides (e.g. a log1p inside the model).
  const g = GraphBuilder.fromGraph(graph, { [prepared.input.name]: inputDims }, { rewrite: lowering(graph, mode, forms), functions: prepared.model.functions });
  return { g, prediction: g.value(prepared.output.name), params: prepared.params.map((p) => g.value(p.name)) };
}

function opsetsOf(prepared: PreparedModel) {
  // Training ops need opset 18 (ReduceSum axes as input); the graph is in opset-18 forms (or the
  // model's newer opset). Keep the model's other domains.
  const others = prepared.model.opsetImports.filter((o) => o.domain !== '' && o.domain !== 'ai.onnx');
  return [{ domain: '', version: prepared.opset }, ...others];
}

/** Options of {@link compileTrainingStep}. */
export interface CompileOptions {
  /**
   * Update every parameter as one flat tensor: the parameters, gradients and optimizer state are
   * each concatenated, the optimizer's update runs once, and the results are split back (a
   * handful of nodes instead of a dozen per parameter). Default: when the optimizer is
   * `elementwise`.
   */
  readonly flatten?: boolean;
  /**
   * With `flatten`, parameters of at least this many elements are updated alone and only the
   * smaller ones as one flat tensor. Concatenating a parameter and splitting it back costs seven
   * copies of it per step (parameter, gradient and two state slots in, three results out), which
   * for a large tensor costs more than its dozen update nodes do; for a bias it is the nodes that
   * cost. `pnpm bench` (torchvision models, millions of parameters) measured the threshold's
   * effect: a node costs about as much as seven copies of 60000 elements there. Default 65536;
   * `Infinity` flattens every parameter.
   */
  readonly flattenBelow?: number;
  /**
   * The caller keeps parameters and state on the host, where a slice or a reshape of a tensor is
   * a view, so the step reads and writes them in the forms that cost ONNX Runtime no copies:
   * - the parameters of the flat update (`flatLayout`) are one input, `losskit/flat/params`,
   *   with state inputs `losskit/flat/state/<slot>`, and leave as `losskit/flat/new-params` and
   *   `losskit/flat/new-state/<slot>` (no Concat of them in, no Slice per parameter out);
   * - the parameters updated alone and their state leave in the shape their last node computes
   *   (1-D from the graph's update, the gradient's own shape where a host optimizer updates):
   *   ONNX Runtime copies a Reshape whose result is a graph output (45 MB per reshaped output set
   *   for resnet18).
   * Default false: every parameter and state slot is its own input and output, in its own shape
   * (what WebGPU's device outputs need). Trainers on providers whose outputs return to the host
   * pass true.
   */
  readonly hostViews?: boolean;
  /**
   * Gradient rules to differentiate the model and loss with. Default: `@losskit/autodiff`'s
   * `defaultGradientRules`, which every provider runs. Trainers pass their provider's rules
   * (`providerCapabilities(provider).gradientRules` of @losskit/runtime: Abs in fewer passes on
   * cpu and wasm); pass e.g. `{ ...defaultGradientRules, ...im2colConvRules }` to compare
   * weight-gradient forms.
   */
  readonly rules?: GradientRules;
  /**
   * The graph type of integer targets (class indices): `int64` (default), or `int32` for a
   * provider without 64-bit integers (WebGPU), where integer model inputs (token ids) become
   * int32 too.
   */
  readonly integerType?: 'int64' | 'int32';
  /**
   * Training-mode BatchNormalization differentiates with its closed-form gradient (PyTorch's
   * formula) rather than through the nodes it is lowered to. Default true; false is kept for
   * `pnpm bench`'s ablation.
   */
  readonly closedFormBatchNorm?: boolean;
  /**
   * Ungrouped Convs whose output images have at most 64 cells become an im2col product and one
   * MatMul over the whole batch, depthwise ones on at most 16 cells one product per channel, which
   * ONNX Runtime runs faster than its Conv's Gemm per image (see `lowerSmallImageConv`). Default
   * true; trainers pass their provider's `smallImageConv` capability (false on GPU providers:
   * WebGPU cannot run the form).
   */
  readonly smallImageConv?: boolean;
  /**
   * Operands broadcast over short runs of trailing cells (a batch norm's per-channel scale over
   * 2x2 or 4x4 images) are widened before the node reads them (`optimizeGraph`'s option of
   * @losskit/graph), which ONNX Runtime's CPU kernels run several times faster. Default false;
   * trainers pass their provider's `widenNarrowBroadcasts` capability (true on cpu and wasm).
   */
  readonly widenNarrowBroadcasts?: boolean;
}

/**
 * The loss of `plugin` on the model's prediction, emitted as loss sessions emit it (core's
 * `emitLoss`): its target is the `losskit/target` input, of the type the plugin declares.
 * Training takes losses of a prediction and a target; one that declares other inputs (triplet
 * margin's `positive`) is refused when the trainer is created.
 */
function emitTrainingLoss(g: GraphBuilder, loss: LossPlugin<unknown>, prediction: Value, integerType: 'int64' | 'int32' | undefined): EmittedLoss {
  return emitLoss(g, loss, prediction, { inputName: () => NAMES.target, ...(integerType ? { integerType } : {}) });
}

/** What {@link compileTrainingStep} returns. */
export interface CompiledStep {
  readonly bytes: Uint8Array;
  readonly predictionDims: readonly number[];
  readonly maskDims: Readonly<Record<string, readonly number[]>>;
  readonly parts: readonly string[];
  readonly flat: FlatLayout | undefined;
  /** The outputs whose plain sum the parameter check is (`hostViews`); empty where the check is exact. */
  readonly checkedOutputs: readonly string[];
}

/**
 * Compiles one training step into a single graph. Inputs: the batch, `losskit/target`, every
 * parameter (under its own name), the optimizer state (`losskit/state/<slot>/<param>`),
 * `losskit/step` (1-based) and `losskit/lr`. Outputs: `losskit/loss`, `losskit/new/<param>`,
 * `losskit/new-state/<slot>/<param>` and `losskit/parameter-check`: 0 when every new parameter is
 * finite, NaN otherwise (`Σ p·0`, since Inf·0 and NaN·0 are NaN) — one scalar that tells the
 * trainer a step diverged even where the parameters stay on the GPU. With `hostViews` the check
 * is `Σ p` over the outputs listed in `checkedOutputs`: finite when every value is, and when it is
 * not, the values themselves say whether one is not finite or the sum overflowed. Training-mode
 * BatchNormalization adds running statistics as inputs (under their own names) and outputs
 * (`losskit/new-statistic/<name>`); training-mode Dropout adds a mask input per node
 * (`losskit/dropout-mask/<node>`, dims in `maskDims`). A combined loss (`weightedSum`) adds one
 * output per part, `losskit/part/<key>`, the keys listed in `parts`. With `hostViews`, the
 * parameters of the flat update (`flat`, `undefined` when there is none) and their state are
 * fed and returned as one tensor each instead (see {@link CompileOptions.hostViews}).
 */
export function compileTrainingStep(
  prepared: PreparedModel,
  loss: LossPlugin<unknown>,
  reduction: Reduction,
  optimizer: Optimizer,
  inputDims: readonly number[],
  options: CompileOptions = {},
): CompiledStep {
  if (reduction === 'none') throw new InvalidOptionError('reduction', 'a reduction to a scalar for training', '"none"');
  const layout = flatLayout(prepared.params, optimizer, options);
  const flatInputs = options.hostViews ? layout : undefined;
  const { g, prediction, params } = forward(prepared, inputDims, 'train', options.integerType, options, flatInputs);
  const emitted = emitTrainingLoss(g, loss, prediction, options.integerType);
  const value = reduceLoss(g, loss, emitted, undefined, reduction);
  g.output(value, NAMES.loss);
  const parts = Object.entries(emitted.parts ?? {});
  for (const [key, part] of parts) g.output(part, partOutputName(key));
  const grads = gradients(g, value, params, options.rules ? { rules: options.rules } : {});
  const step = g.input(NAMES.step, 'float32', []);
  const lr = g.input(NAMES.lr, 'float32', []);
  const newValues = emitParameterUpdates(g, optimizer, { params, grads, step, lr }, layout, options.hostViews ?? false);
  // 0 when every new parameter is finite, NaN otherwise (Inf·0 and NaN·0 are NaN). On the host the
  // plain sum, one read of each value instead of a product written and read again (2-6 % of a
  // torchvision model's step): finite only when every value is, and where it is not, the trainer
  // reads the values, which the step returns anyway (an overflowing sum of finite values passes).
  const sums = options.hostViews === true;
  const checks = newValues.map((v) => g.reduceSum(sums ? v : g.mul(v, 0), { keepdims: false }));
  g.output(checks.reduce((a, b) => g.add(a, b)), NAMES.parameterCheck);
  const members = new Set(layout?.members.map((m) => m.name));
  const alone = prepared.params.filter((p) => !members.has(p.name));
  const checkedOutputs = sums ? [...(layout ? [NAMES.newFlatParams] : []), ...alone.map((p) => NAMES.newParam(p.name))] : [];
  for (const site of prepared.batchNorms) {
    g.output(g.value(site.newMean), NAMES.newStatistic(site.mean));
    g.output(g.value(site.newVariance), NAMES.newStatistic(site.variance));
  }
  const maskDims = Object.fromEntries(prepared.dropouts.map((d) => [d.node, g.value(NAMES.dropoutMask(d.node)).shape]));
  const model = g.toModel({ opsetImports: opsetsOf(prepared), docString: `losskit training step: ${loss.name}, ${optimizer.name}` });
  // The loss gradient spreads its reduction with Expand; optimizeGraph lets ONNX Runtime broadcast.
  // On the host, parameters updated alone and their state leave in any shape (the trainer views them).
  const anyShapeOutputs = sums ? alone.flatMap((p) => [NAMES.newParam(p.name), ...optimizer.stateSlots.map((slot) => NAMES.newState(slot, p.name))]) : [];
  const optimized = optimizeGraph(model.graph, { widenNarrowBroadcasts: options.widenNarrowBroadcasts ?? false, anyShapeOutputs, builder: g });
  const bytes = encodeModel({ ...model, graph: optimized });
  return { bytes, predictionDims: prediction.shape, maskDims, parts: parts.map(([key]) => key), flat: flatInputs, checkedOutputs };
}

/**
 * Compiles the forward pass for evaluation and prediction: inputs are the batch and the
 * parameters (and `losskit/target` with a loss); outputs the prediction (and `losskit/loss-sum`,
 * the weighted sum of the elementwise loss). Returns how many elementwise loss values a batch has,
 * so that batch sums add up to a dataset mean. `forms.smallImageConv` as in {@link CompileOptions}.
 */
export function compileEvaluation(
  prepared: PreparedModel,
  loss: LossPlugin<unknown> | undefined,
  inputDims: readonly number[],
  integerType?: 'int64' | 'int32',
  forms: Pick<LoweringOptions, 'smallImageConv'> = {},
): { bytes: Uint8Array; lossCount: number } {
  // The model's outputs, the prediction among them, are outputs of the rebuilt graph already.
  const { g, prediction } = forward(prepared, inputDims, 'eval', integerType, forms);
  let lossCount = 0;
  if (loss) {
    const { elementwise } = emitTrainingLoss(g, loss, prediction, integerType);
    lossCount = numel(elementwise.shape);
    g.output(applyReduction(g, elementwise, undefined, 'sum'), NAMES.lossSum);
  }
  return { bytes: encodeModel(g.toModel({ opsetImports: opsetsOf(prepared) })), lossCount };
}
