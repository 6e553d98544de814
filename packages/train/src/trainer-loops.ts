import {
  InvalidInputError,
  InvalidOptionError,
  type LossPlugin,
  type HostTensor,
  checkLossInput,
  checkTensor,
  inputSpecsOf,
  partOutputName,
  resolveOptions,
  samePredictionDims,
  toIntegerType,
} from '@losskit/core';
import { type RuntimeTensor, downloadTensor } from '@losskit/runtime';
import { type Dataset, type LabelledData, type TargetTensor, checkLabelledData, gather, permutation, slice } from './data';
import { NonFiniteLossError } from './errors';
import type { MaskSource } from './dropout';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import { type ModelInput, checkModelInput, toGraphInput } from './token-ids';
import type { TrainerSessions } from './trainer-sessions';
import type { TrainingState } from './trainer-state';
import type { Batch, EvaluationResult, FitOptions, FitResult, QueuedStepResult, StepResult } from './trainer-types';
import { BATCH_OPTIONS, FIT_OPTIONS } from './trainer-options';

/** What the loops of one trainer share: the model, its sessions and its training state. */
export interface LoopContext {
  readonly prepared: PreparedModel;
  readonly sessions: TrainerSessions;
  readonly state: TrainingState;
  /** Where training-mode Dropout masks come from. */
  readonly masks: MaskSource;
  /** The loss: what kind of target it declares (floats, or class indices). */
  readonly loss: LossPlugin<unknown>;
  /** The graph type of integer targets on the trainer's provider. */
  readonly integerType: 'int64' | 'int32';
}

/**
 * Checks a batch's target against the model's output for the batch, as loss sessions check a
 * target against a prediction (`checkLossInput`): class indices in range, dims naming the axis.
 * Float targets cut from a dataset checked already (`valuesChecked`) are checked for dims only,
 * so `fit` reads no image twice.
 */
function checkTarget(ctx: LoopContext, target: TargetTensor, predictionDims: readonly number[], valuesChecked: boolean): TargetTensor {
  const spec = inputSpecsOf(ctx.loss).target!;
  // Class indices, and float targets whose dims do not simply follow the model's output.
  if (spec.type !== 'float' || (spec.dims !== undefined && spec.dims !== samePredictionDims)) {
    return checkLossInput(ctx.loss, 'target', target, predictionDims, 'batch.target');
  }
  const checked = valuesChecked ? target : checkTensor('batch.target', target);
  if (checked.dims.join() !== predictionDims.join()) {
    throw new InvalidInputError('batch.target.dims', `[${predictionDims.join(', ')}] (the model's output for this batch)`, `[${checked.dims.join(', ')}]`);
  }
  return checked;
}

/** Checks `dims` against the model's declared input; values are checked separately, once per dataset. */
export function checkInputDims(prepared: PreparedModel, argument: string, dims: readonly number[]): void {
  const declared = prepared.input.shape;
  const mismatch =
    declared !== undefined && (declared.length !== dims.length || declared.some((d, i) => i > 0 && typeof d === 'number' && d !== dims[i]));
  if (mismatch) {
    throw new InvalidInputError(
      `${argument}.dims`,
      `[${declared!.map((d, i) => (i === 0 ? 'batch' : d)).join(', ')}] (the model's input "${prepared.input.name}")`,
      `[${dims.join(', ')}]`,
    );
  }
}

/** Checks a model input: its element type (floats, or ids in the embedding table's range) and dims. */
function checkInput(prepared: PreparedModel, argument: string, input: unknown): ModelInput {
  const checked = checkModelInput(argument, input, prepared.ids, prepared.input.name);
  checkInputDims(prepared, argument, checked.dims);
  return checked;
}

/** A checker of whole datasets' inputs, for `checkLabelledData` (dims are checked after). */
const inputChecker = (prepared: PreparedModel) => (argument: string, inputs: unknown) => checkModelInput(argument, inputs, prepared.ids, prepared.input.name);

/**
 * Whether a step's new parameters (or, with Adam on the host, its gradients) are finite, from its
 * parameter check: exact where the check is `Σ p·0`; where it is the plain sum of the host outputs
 * `checkedOutputs` (see `compileTrainingStep`), a non-finite sum may be an overflow of finite
 * values, which reading them tells apart.
 */
function parametersFinite(check: number, outputs: Readonly<Record<string, RuntimeTensor>>, checkedOutputs: readonly string[]): boolean {
  if (Number.isFinite(check)) return true;
  return checkedOutputs.length > 0 && checkedOutputs.every((name) => (outputs[name]?.data as Float32Array | undefined)?.every(Number.isFinite) === true);
}

/** One step; `fit` passes batches cut from a dataset it checked already (`checked`). */
export function runStep(ctx: LoopContext, batch: Batch, checked?: boolean): Promise<StepResult>;
export function runStep(ctx: LoopContext, batch: Batch, checked: boolean, readLoss: boolean): Promise<QueuedStepResult>;
export async function runStep(ctx: LoopContext, batch: Batch, checked = false, readLoss = true): Promise<QueuedStepResult> {
  const { prepared, sessions, state } = ctx;
  const input = checked ? batch.input : checkInput(prepared, 'batch.input', batch.input);
  const { session, predictionDims, maskDims, parts, checkedOutputs } = await sessions.step(input.dims);
  const partOutputs = parts.map(partOutputName);
  const target = toIntegerType(checkTarget(ctx, batch.target, predictionDims, checked), ctx.integerType);
  const number = state.steps + 1;
  const masks = Object.fromEntries(
    prepared.dropouts.map((d) => [NAMES.dropoutMask(d.node), { data: ctx.masks(d.node, number, maskDims[d.node]!, d.ratio), dims: maskDims[d.node]! }]),
  );
  const outputs = await session.run(
    {
      ...state.stepFeeds(),
      ...masks,
      [prepared.input.name]: toGraphInput(input, prepared.ids, ctx.integerType),
      [NAMES.target]: target,
      [NAMES.step]: { data: Float32Array.of(number), dims: [] },
      [NAMES.lr]: { data: Float32Array.of(state.learningRate), dims: [] },
    },
    [NAMES.loss, NAMES.parameterCheck, ...partOutputs, ...state.stepOutputs],
  );
  const lossTensor = outputs[NAMES.loss]!;
  const checkOutput = outputs[NAMES.parameterCheck]!;
  const partTensors = partOutputs.map((name) => outputs[name]!);
  // In the browser on WebGPU the loss and the check stay on the GPU (see trainer.ts): reading them
  // waits for the step to finish, which a caller may skip (readLoss: false).
  if (!readLoss && lossTensor.location === 'gpu-buffer') {
    lossTensor.dispose();
    if (checkOutput.location === 'gpu-buffer') checkOutput.dispose();
    for (const tensor of partTensors) tensor.dispose();
    state.advance(outputs, number);
    state.steps = number;
    return { loss: undefined, step: number };
  }
  const value = (await downloadTensor(lossTensor))[0]!;
  const check = (await downloadTensor(checkOutput))[0]!;
  const partValues: Record<string, number> = {};
  for (const [k, tensor] of partTensors.entries()) partValues[parts[k]!] = (await downloadTensor(tensor))[0]!;
  // Always: a downloaded GPU tensor reports location "cpu" but still holds its GPU buffer.
  lossTensor.dispose();
  checkOutput.dispose();
  for (const tensor of partTensors) tensor.dispose();
  if (!Number.isFinite(value) || !parametersFinite(check, outputs, checkedOutputs)) {
    // The update is dropped: the trainer keeps the last finite parameters.
    for (const name of state.stepOutputs) outputs[name]?.dispose();
    throw new NonFiniteLossError(number, value, Number.isFinite(value) ? 'parameters' : 'loss');
  }
  // A host optimizer (trainer-host-state.ts) checks its in-place update itself.
  if (!state.advance(outputs, number)) throw new NonFiniteLossError(number, value, 'parameters');
  state.steps = number;
  return { loss: value, step: number, ...(parts.length > 0 ? { parts: partValues } : {}) };
}

/** Trains over `data` for some epochs, in shuffled batches. */
export async function fitLoop(ctx: LoopContext, data: LabelledData, options: FitOptions): Promise<FitResult> {
  const count = checkLabelledData(data, inputChecker(ctx.prepared));
  checkInputDims(ctx.prepared, 'data.inputs', data.inputs.dims);
  const { batchSize, epochs, shuffle, seed, maxSteps, onProgress } = resolveOptions('fit', FIT_OPTIONS, options);
  if (batchSize > count) {
    throw new InvalidOptionError('fit.batchSize', `at most the number of examples (${count})`, String(batchSize));
  }
  const stepsPerEpoch = Math.floor(count / batchSize);
  const totalSteps = Math.min(epochs * stepsPerEpoch, maxSteps ?? Number.POSITIVE_INFINITY);
  const losses: number[] = [];
  // A combined loss's parts, one list per key, one value per step.
  const parts: Record<string, number[]> = {};
  const start = performance.now();
  for (let epoch = 0; epoch < epochs && losses.length < totalSteps; epoch++) {
    const order = shuffle ? permutation(count, seed + epoch) : Uint32Array.from({ length: count }, (_, i) => i);
    for (let s = 0; s < stepsPerEpoch && losses.length < totalSteps; s++) {
      const indices = order.subarray(s * batchSize, (s + 1) * batchSize);
      const input = gather(data.inputs, indices);
      // An autoencoder's targets are its inputs: one copy serves both.
      const target = data.targets === data.inputs ? input : gather(data.targets, indices);
      const result = await runStep(ctx, { input, target }, true);
      losses.push(result.loss);
      for (const [key, value] of Object.entries(result.parts ?? {})) (parts[key] ??= []).push(value);
      onProgress?.({
        epoch: epoch + 1,
        epochs,
        step: losses.length,
        totalSteps,
        loss: result.loss,
        ...(result.parts ? { parts: result.parts } : {}),
        elapsedMs: performance.now() - start,
      });
    }
  }
  return { losses, ...(Object.keys(parts).length > 0 ? { parts } : {}), steps: losses.length, elapsedMs: performance.now() - start };
}

/**
 * The fraction of positions whose prediction's argmax along `classAxis` equals the label, over
 * the labels that are in range (an ignore index counts for nothing).
 */
function countCorrect(prediction: Float32Array, dims: readonly number[], labels: TargetTensor, classAxis: number): { correct: number; counted: number } {
  const axis = classAxis < 0 ? classAxis + dims.length : classAxis;
  const classes = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((n, d) => n * d, 1);
  let correct = 0;
  let counted = 0;
  for (let position = 0; position < labels.data.length; position++) {
    const label = Number(labels.data[position]);
    if (!(label >= 0 && label < classes)) continue;
    const base = Math.floor(position / inner) * classes * inner + (position % inner);
    let best = 0;
    for (let c = 1; c < classes; c++) if (prediction[base + c * inner]! > prediction[base + best * inner]!) best = c;
    counted++;
    if (best === label) correct++;
  }
  return { correct, counted };
}

/**
 * The mean elementwise loss over `data`, in batches, with no update; and, for a loss over class
 * indices, the accuracy (argmax along the class axis equal to the label).
 */
export async function evaluateLoop(ctx: LoopContext, data: LabelledData, options: { batchSize?: number }): Promise<EvaluationResult> {
  const { prepared, sessions, state } = ctx;
  const count = checkLabelledData(data, inputChecker(prepared));
  checkInputDims(prepared, 'data.inputs', data.inputs.dims);
  const { batchSize } = resolveOptions('evaluate', BATCH_OPTIONS, options);
  const classAxis = inputSpecsOf(ctx.loss).target?.classAxis;
  let sum = 0;
  let values = 0;
  let correct = 0;
  let counted = 0;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const input = toGraphInput(slice(data.inputs, start, end), prepared.ids, ctx.integerType);
    const { session, lossCount } = await sessions.evaluation(input.dims, true);
    const labels = slice(data.targets, start, end);
    const wanted = classAxis === undefined ? [NAMES.lossSum] : [NAMES.lossSum, prepared.output.name];
    const outputs = await session.run({ ...state.parameterFeeds(), [prepared.input.name]: input, [NAMES.target]: toIntegerType(labels, ctx.integerType) }, wanted);
    sum += (outputs[NAMES.lossSum]!.data as Float32Array)[0]!;
    values += lossCount;
    if (classAxis !== undefined) {
      const prediction = outputs[prepared.output.name]!;
      const batch = countCorrect(await downloadTensor(prediction), prediction.dims, labels, classAxis);
      correct += batch.correct;
      counted += batch.counted;
    }
  }
  return { loss: sum / values, ...(classAxis === undefined ? {} : { accuracy: counted === 0 ? 0 : correct / counted }) };
}

/** The model's output for every example of `inputs`, computed in batches. */
export async function predictLoop(ctx: LoopContext, inputs: Dataset, options: { batchSize?: number }): Promise<HostTensor> {
  const { prepared, sessions, state } = ctx;
  const all = checkInput(prepared, 'inputs', inputs);
  const count = all.dims[0]!;
  const { batchSize } = resolveOptions('predict', BATCH_OPTIONS, options);
  let out: Float32Array | undefined;
  let dims: number[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const { session } = await sessions.evaluation([end - start, ...all.dims.slice(1)], false);
    const input = toGraphInput(slice(all, start, end), prepared.ids, ctx.integerType);
    const outputs = await session.run({ ...state.parameterFeeds(), [prepared.input.name]: input }, [prepared.output.name]);
    const tensor = outputs[prepared.output.name]!;
    const data = await downloadTensor(tensor);
    if (!out) {
      dims = [count, ...tensor.dims.slice(1)];
      out = new Float32Array((data.length / (end - start)) * count);
    }
    out.set(data, (data.length / (end - start)) * start);
  }
  return { data: out ?? new Float32Array(0), dims };
}
