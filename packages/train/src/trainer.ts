import { type LossPlugin, type Reduction, type TensorInput, checkReduction, checkTensor, isLossPlugin } from '@losskit/core';
import { InvalidInputError, InvalidOptionError, ReleasedError, describeValue } from '@losskit/graph';
import {
  type HostTensor,
  type ModelSession,
  type ProviderName,
  type ProviderRequest,
  type RuntimeTensor,
  type SessionTuning,
  checkSessionTuning,
  createModelSession,
  downloadTensor,
  resolveProvider,
} from '@losskit/runtime';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { compileEvaluation, compileTrainingStep } from './compile';
import { type Dataset, type LabelledData, checkLabelledData, gather, permutation, slice } from './data';
import { NonFiniteLossError } from './errors';
import { exportTrainedModel } from './export';
import { type ModelSelection, type ModelSource, type PreparedModel, prepareModel } from './model';
import { NAMES } from './names';
import { type Optimizer, adam } from './optimizers';

/** Options of {@link createTrainer}. */
export interface TrainerOptions extends ModelSelection {
  /** The model: a `Model` from `@losskit/models` or `decodeModel`, or `.onnx` bytes. */
  readonly model: ModelSource;
  /** The loss plugin, e.g. `l1()` or `luma()`. */
  readonly loss: LossPlugin<unknown>;
  /** Default `adam()`. */
  readonly optimizer?: Optimizer;
  /** Default `'auto'`. */
  readonly provider?: ProviderRequest;
  /** How a batch's loss is reduced for training. Default `'mean'`. */
  readonly reduction?: Exclude<Reduction, 'none'>;
  /** Receives one-line notices (e.g. an `auto` provider fallback). Default `console.warn`. */
  readonly onNotice?: (message: string) => void;
  /** How ONNX Runtime runs the step and evaluation graphs (threads, spinning, ...); see `SessionTuning`. */
  readonly session?: SessionTuning;
}

/** One batch for {@link Trainer.step}. */
export interface Batch {
  readonly input: TensorInput;
  readonly target: TensorInput;
}

export interface StepResult {
  /** The batch's loss before the update. */
  readonly loss: number;
  /** The 1-based number of this step. */
  readonly step: number;
}

/** Progress of {@link Trainer.fit}, reported after every step. */
export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps taken in this `fit` call so far. */
  readonly step: number;
  readonly totalSteps: number;
  readonly loss: number;
  readonly elapsedMs: number;
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions {
  /** Default 1. */
  readonly epochs?: number;
  /** Default 32. The last incomplete batch of an epoch is dropped. */
  readonly batchSize?: number;
  /** Reshuffle the examples every epoch. Default true. */
  readonly shuffle?: boolean;
  /** Seed of the shuffling. Default 0. */
  readonly seed?: number;
  /** Stop after this many steps in total, even mid-epoch. */
  readonly maxSteps?: number;
  readonly onProgress?: (progress: FitProgress) => void;
}

export interface FitResult {
  /** The loss of every step. */
  readonly losses: readonly number[];
  readonly steps: number;
  readonly elapsedMs: number;
}

/** Trains one model with one loss and one optimizer; every step is a single ONNX graph run. */
export interface Trainer {
  /** The execution provider every graph of this trainer runs on. */
  readonly provider: ProviderName;
  readonly parameterNames: readonly string[];
  /** Number of trainable scalars. */
  readonly parameterCount: number;
  /** Steps taken so far (restored by `loadCheckpoint`). */
  readonly steps: number;
  /** The learning rate fed to the next steps (starts at the optimizer's). */
  learningRate: number;
  /** One optimisation step on one batch. */
  step(batch: Batch): Promise<StepResult>;
  /** Trains over a dataset for some epochs, with shuffling and progress reports. */
  fit(data: LabelledData, options?: FitOptions): Promise<FitResult>;
  /** The mean elementwise loss over a dataset (no update). */
  evaluate(data: LabelledData, options?: { batchSize?: number }): Promise<{ loss: number }>;
  /** The model's output for every input. */
  predict(inputs: Dataset, options?: { batchSize?: number }): Promise<TensorInput>;
  /** Copies of the current parameters, by name. */
  parameters(): Promise<Record<string, Float32Array>>;
  /** A plain inference `.onnx` model with the trained weights, runnable without losskit. */
  exportOnnx(): Promise<Uint8Array>;
  /** Parameters, optimizer state and step count as one `.onnx` file. */
  saveCheckpoint(): Promise<Uint8Array>;
  /** Restores a checkpoint written by `saveCheckpoint` for the same model and optimizer. */
  loadCheckpoint(bytes: Uint8Array): Promise<void>;
  release(): Promise<void>;
}

type Feed = HostTensor | RuntimeTensor;

function isDeviceTensor(feed: Feed): feed is RuntimeTensor {
  return 'location' in feed;
}

function dispose(feed: Feed | undefined): void {
  if (feed && isDeviceTensor(feed)) feed.dispose();
}

function positiveInteger(value: number | undefined, fallback: number, argument: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size <= 0) throw new InvalidOptionError(argument, 'a positive integer', describeValue(size));
  return size;
}

/** The promise cached under `key`, created on first use and forgotten if it fails. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let entry = cache.get(key);
  if (!entry) {
    entry = create();
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

const KNOWN_OPTIONS = ['model', 'loss', 'optimizer', 'provider', 'reduction', 'onNotice', 'session', 'input', 'output', 'trainable'];

/**
 * Creates a trainer: the model's parameters start from its initializers; every step compiles
 * (once per batch shape) to one ONNX graph — forward, loss, backward, optimizer update — run on
 * the chosen provider. On WebGPU the parameters and optimizer state stay in GPU buffers between
 * steps.
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options', 'an object { model, loss, ... }', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      throw new InvalidOptionError(`createTrainer.${key}`, `a known option (one of ${KNOWN_OPTIONS.join(', ')})`, `unknown option "${key}"`);
    }
  }
  if (!isLossPlugin(options.loss)) {
    throw new InvalidOptionError('createTrainer.loss', 'a loss plugin such as l1() (not the factory l1)', describeValue(options.loss));
  }
  const loss = options.loss;
  const reduction = checkReduction(options.reduction ?? 'mean');
  if (reduction === 'none') throw new InvalidOptionError('createTrainer.reduction', 'a reduction to a scalar', '"none"');
  const optimizer = options.optimizer ?? adam();
  const onNotice = options.onNotice ?? console.warn;
  const tuning = checkSessionTuning(options.session);
  const prepared: PreparedModel = prepareModel(options.model, options);
  if (prepared.params.length === 0) {
    throw new InvalidInputError('model', 'float32 initializers (parameters) that the output depends on', 'none');
  }
  const provider = await resolveProvider(options.provider ?? 'auto', { onNotice });
  const keepOnDevice = prepared.params.flatMap((p) => [
    NAMES.newParam(p.name),
    ...optimizer.stateSlots.map((slot) => NAMES.newState(slot, p.name)),
  ]);

  // Current parameters and optimizer state, on the host or (WebGPU) on the device.
  const params = new Map<string, Feed>();
  const state = new Map<string, Feed>();
  const resetFromHost = (values: (name: string) => Float32Array, stateValues: (slot: string, name: string) => Float32Array) => {
    for (const p of prepared.params) {
      dispose(params.get(p.name));
      params.set(p.name, { data: values(p.name), dims: p.dims });
      for (const slot of optimizer.stateSlots) {
        const key = NAMES.state(slot, p.name);
        dispose(state.get(key));
        state.set(key, { data: stateValues(slot, p.name), dims: p.dims });
      }
    }
  };
  const initial = new Map(prepared.params.map((p) => [p.name, p.data as Float32Array]));
  resetFromHost(
    (name) => Float32Array.from(initial.get(name)!),
    (_, name) => new Float32Array(initial.get(name)!.length),
  );

  let steps = 0;
  let learningRate = optimizer.lr;
  let released = false;
  let queue: Promise<unknown> = Promise.resolve();
  // One operation at a time: steps replace the parameters that the next operation reads.
  const exclusive = <T>(operation: () => Promise<T>): Promise<T> => {
    if (released) return Promise.reject(new ReleasedError('This trainer'));
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const stepSessions = new Map<string, Promise<{ session: ModelSession; predictionDims: readonly number[] }>>();
  const evalSessions = new Map<string, Promise<{ session: ModelSession; lossCount: number }>>();

  // Dims against the model's declared input; values are checked separately, once per dataset.
  const checkInputDims = (argument: string, dims: readonly number[]) => {
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
  };

  const checkInput = (argument: string, input: TensorInput) => {
    const checked = checkTensor(argument, input);
    checkInputDims(argument, checked.dims);
    return checked;
  };

  const stepSession = (dims: readonly number[]) =>
    cached(stepSessions, dims.join('x'), async () => {
      const { bytes, predictionDims } = compileTrainingStep(prepared, loss, reduction, optimizer, dims);
      // The trainer checked the batch (or its whole dataset) already: the session checks dims only.
      const checkedInputs = [prepared.input.name, NAMES.target];
      return { session: await createModelSession(bytes, { provider, keepOnDevice, onNotice, session: tuning, checkedInputs }), predictionDims };
    });

  const evalSession = (dims: readonly number[], withLoss: boolean) =>
    cached(evalSessions, `${dims.join('x')}|${withLoss}`, async () => {
      const { bytes, lossCount } = compileEvaluation(prepared, withLoss ? loss : undefined, dims);
      // evaluate and predict slice data they checked whole.
      const checkedInputs = [prepared.input.name, NAMES.target];
      return { session: await createModelSession(bytes, { provider, onNotice, session: tuning, checkedInputs }), lossCount };
    });

  const paramFeeds = (): Record<string, Feed> => ({ ...Object.fromEntries(params), ...Object.fromEntries(state) });

  /** One step; `fit` passes batches cut from a dataset it checked already (`checked`). */
  const runStep = async (batch: Batch, checked = false): Promise<StepResult> => {
    const input = checked ? batch.input : checkInput('batch.input', batch.input);
    const target = checked ? batch.target : checkTensor('batch.target', batch.target);
    const { session, predictionDims } = await stepSession(input.dims);
    if (target.dims.join() !== predictionDims.join()) {
      throw new InvalidInputError('batch.target.dims', `[${predictionDims.join(', ')}] (the model's output for this batch)`, `[${target.dims.join(', ')}]`);
    }
    const number = steps + 1;
    const outputNames = [NAMES.loss, ...keepOnDevice];
    const outputs = await session.run(
      {
        ...paramFeeds(),
        [prepared.input.name]: input,
        [NAMES.target]: target,
        [NAMES.step]: { data: Float32Array.of(number), dims: [] },
        [NAMES.lr]: { data: Float32Array.of(learningRate), dims: [] },
      },
      outputNames,
    );
    const value = (outputs[NAMES.loss]!.data as Float32Array)[0]!;
    if (!Number.isFinite(value)) {
      for (const name of keepOnDevice) outputs[name]?.dispose();
      throw new NonFiniteLossError(number, value);
    }
    for (const p of prepared.params) {
      dispose(params.get(p.name));
      params.set(p.name, outputs[NAMES.newParam(p.name)]!);
      for (const slot of optimizer.stateSlots) {
        dispose(state.get(NAMES.state(slot, p.name)));
        state.set(NAMES.state(slot, p.name), outputs[NAMES.newState(slot, p.name)]!);
      }
    }
    steps = number;
    return { loss: value, step: number };
  };

  const hostValue = async (feed: Feed): Promise<Float32Array> =>
    isDeviceTensor(feed) ? Float32Array.from(await downloadTensor(feed)) : Float32Array.from(feed.data);

  const currentParameters = async (): Promise<Record<string, Float32Array>> => {
    const out: Record<string, Float32Array> = {};
    for (const [name, feed] of params) out[name] = await hostValue(feed);
    return out;
  };

  const trainer: Trainer = {
    provider,
    parameterNames: prepared.params.map((p) => p.name),
    parameterCount: prepared.params.reduce((n, p) => n + (p.data as Float32Array).length, 0),
    get steps() {
      return steps;
    },
    get learningRate() {
      return learningRate;
    },
    set learningRate(value: number) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new InvalidOptionError('learningRate', 'a finite number > 0', describeValue(value));
      }
      learningRate = value;
    },
    step: (batch) => exclusive(() => runStep(batch)),
    fit: (data, fitOptions = {}) =>
      exclusive(async () => {
        const count = checkLabelledData(data);
        checkInputDims('data.inputs', data.inputs.dims);
        const batchSize = positiveInteger(fitOptions.batchSize, 32, 'fit.batchSize');
        if (batchSize > count) {
          throw new InvalidOptionError('fit.batchSize', `at most the number of examples (${count})`, String(batchSize));
        }
        const epochs = positiveInteger(fitOptions.epochs, 1, 'fit.epochs');
        const stepsPerEpoch = Math.floor(count / batchSize);
        const totalSteps = Math.min(epochs * stepsPerEpoch, fitOptions.maxSteps ?? Number.POSITIVE_INFINITY);
        const losses: number[] = [];
        const start = performance.now();
        for (let epoch = 0; epoch < epochs && losses.length < totalSteps; epoch++) {
          const order =
            fitOptions.shuffle === false ? Uint32Array.from({ length: count }, (_, i) => i) : permutation(count, (fitOptions.seed ?? 0) + epoch);
          for (let s = 0; s < stepsPerEpoch && losses.length < totalSteps; s++) {
            const indices = order.subarray(s * batchSize, (s + 1) * batchSize);
            const input = gather(data.inputs, indices);
            // An autoencoder's targets are its inputs: one copy serves both.
            const target = data.targets === data.inputs ? input : gather(data.targets, indices);
            const result = await runStep({ input, target }, true);
            losses.push(result.loss);
            fitOptions.onProgress?.({ epoch: epoch + 1, epochs, step: losses.length, totalSteps, loss: result.loss, elapsedMs: performance.now() - start });
          }
        }
        return { losses, steps: losses.length, elapsedMs: performance.now() - start };
      }),
    evaluate: (data, evalOptions = {}) =>
      exclusive(async () => {
        const count = checkLabelledData(data);
        checkInputDims('data.inputs', data.inputs.dims);
        const batchSize = positiveInteger(evalOptions.batchSize, 64, 'evaluate.batchSize');
        let sum = 0;
        let values = 0;
        for (let start = 0; start < count; start += batchSize) {
          const end = Math.min(count, start + batchSize);
          const input = slice(data.inputs, start, end);
          const { session, lossCount } = await evalSession(input.dims, true);
          const outputs = await session.run({ ...Object.fromEntries(params), [prepared.input.name]: input, [NAMES.target]: slice(data.targets, start, end) }, [NAMES.lossSum]);
          sum += (outputs[NAMES.lossSum]!.data as Float32Array)[0]!;
          values += lossCount;
        }
        return { loss: sum / values };
      }),
    predict: (inputs, predictOptions = {}) =>
      exclusive(async () => {
        const all = checkInput('inputs', inputs);
        const count = all.dims[0]!;
        const batchSize = positiveInteger(predictOptions.batchSize, 64, 'predict.batchSize');
        let out: Float32Array | undefined;
        let dims: number[] = [];
        for (let start = 0; start < count; start += batchSize) {
          const end = Math.min(count, start + batchSize);
          const { session } = await evalSession([end - start, ...all.dims.slice(1)], false);
          const outputs = await session.run({ ...Object.fromEntries(params), [prepared.input.name]: slice(all, start, end) }, [prepared.output.name]);
          const tensor = outputs[prepared.output.name]!;
          const data = await downloadTensor(tensor);
          if (!out) {
            dims = [count, ...tensor.dims.slice(1)];
            out = new Float32Array((data.length / (end - start)) * count);
          }
          out.set(data, (data.length / (end - start)) * start);
        }
        return { data: out ?? new Float32Array(0), dims };
      }),
    parameters: () => exclusive(currentParameters),
    exportOnnx: () => exclusive(async () => exportTrainedModel(prepared, await currentParameters(), { loss: loss.name, steps })),
    saveCheckpoint: () =>
      exclusive(async () => {
        const stateValues: Record<string, Float32Array> = {};
        for (const [name, feed] of state) stateValues[name] = await hostValue(feed);
        return writeCheckpoint(prepared, await currentParameters(), stateValues, { optimizer, steps, learningRate, loss: loss.name });
      }),
    loadCheckpoint: (bytes) =>
      exclusive(async () => {
        const restored = readCheckpoint(bytes, prepared, optimizer);
        resetFromHost(
          (name) => restored.params[name]!,
          (slot, name) => restored.state[NAMES.state(slot, name)]!,
        );
        steps = restored.steps;
        learningRate = restored.learningRate;
      }),
    release: async () => {
      if (released) return;
      await queue;
      released = true;
      // Device tensors belong to the sessions that made them: free them before the sessions
      // (the other order aborts onnxruntime-node).
      for (const feed of [...params.values(), ...state.values()]) dispose(feed);
      params.clear();
      state.clear();
      const sessions = [...stepSessions.values(), ...evalSessions.values()];
      stepSessions.clear();
      evalSessions.clear();
      await Promise.all(sessions.map(async (entry) => (await entry.catch(() => undefined))?.session.release()));
    },
  };
  return trainer;
}
