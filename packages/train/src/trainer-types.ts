import type { LossPlugin, Reduction, HostTensor } from '@losskit/core';
import type { ProviderName, ProviderRequest, SessionTuning } from '@losskit/runtime';
import type { Dataset, LabelledData, TargetTensor } from './data';
import type { DropoutOptions } from './dropout';
import type { ModelSelection, ModelSource } from './model';
import type { Optimizer } from './optimizers';
import type { ModelInput } from './token-ids';

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
  /** Masks of training-mode Dropout nodes (seeded Bernoulli draws by default). */
  readonly dropout?: DropoutOptions;
  /**
   * Run Adam's update (`adam()`, `adamw()`) in place in WebAssembly where the provider allows it
   * (cpu: the `hostOptimizer` capability), the step graph returning only the gradients; `false`
   * keeps it in the graph. The values are the same (the same float32 operations in the same
   * order); the step is faster because onnxruntime-node copies every output it returns. Default true.
   */
  readonly hostOptimizer?: boolean;
  /** How ONNX Runtime runs the step and evaluation graphs (threads, spinning, ...); see `SessionTuning`. Default `{}`. */
  readonly session?: SessionTuning;
}

/** One batch for {@link Trainer.step}. */
/** What `evaluate` reports. */
export interface EvaluationResult {
  /** The mean elementwise loss over every example (the plain mean, whatever the loss's `reduction`). */
  readonly loss: number;
  /**
   * For a loss over class indices (`crossEntropy`, `nll`): the fraction of labels the model's
   * argmax along the class axis gets right, ignored labels left out.
   */
  readonly accuracy?: number;
}

export interface Batch {
  /** The model's input: float values, or token ids (`Int32Array`, `BigInt64Array`) where the model declares an integer input. */
  readonly input: ModelInput;
  /** Float targets with the model output's dims, or class indices (`Int32Array`, `BigInt64Array`) for a loss over them. */
  readonly target: TargetTensor;
}

export interface StepResult {
  /** The batch's loss before the update. */
  readonly loss: number;
  /** The 1-based number of this step. */
  readonly step: number;
  /**
   * For a combined loss (`weightedSum` of @losskit/core), each part's value on the batch by key,
   * `{ 'ms-ssim': 0.12, l1: 0.05 }`: the part's own mean, unweighted. Absent for other losses.
   */
  readonly parts?: Readonly<Record<string, number>>;
}

/** Options of {@link Trainer.step}. */
export interface StepOptions {
  /**
   * Wait for this step's loss (and its check that the update is finite). Default true. With
   * false, a WebGPU step in the browser only queues its work and returns: the loss stays on the
   * GPU and is dropped, so the next step's work overlaps this one's (read it every few steps).
   * Where the loss reaches the host anyway (cpu, wasm, Node) nothing changes but the type.
   */
  readonly readLoss?: boolean;
}

/** A step run with `readLoss: false`: its loss when it was on the host anyway, else undefined. */
export interface QueuedStepResult {
  readonly loss: number | undefined;
  readonly step: number;
  /** A combined loss's parts, read with the loss (see {@link StepResult.parts}). */
  readonly parts?: Readonly<Record<string, number>>;
}

/** Progress of {@link Trainer.fit}, reported after every step. */
export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps taken in this `fit` call so far. */
  readonly step: number;
  readonly totalSteps: number;
  readonly loss: number;
  /** A combined loss's parts on this step's batch (see {@link StepResult.parts}). */
  readonly parts?: Readonly<Record<string, number>>;
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
  /** For a combined loss, each part's value on every step, by key (see {@link StepResult.parts}). */
  readonly parts?: Readonly<Record<string, readonly number[]>>;
  readonly steps: number;
  readonly elapsedMs: number;
}

/** Trains one model with one loss and one optimizer; every step is a single ONNX graph run. */
export interface Trainer {
  /** The execution provider every graph of this trainer runs on. */
  readonly provider: ProviderName;
  /** The initializers that train, in graph order (see the `trainable` and `frozen` options). */
  readonly parameterNames: readonly string[];
  /** Number of trainable scalars. */
  readonly parameterCount: number;
  /** Steps taken so far (restored by `loadCheckpoint`). */
  readonly steps: number;
  /** The learning rate fed to the next steps (starts at the optimizer's). */
  learningRate: number;
  /** One optimisation step on one batch. */
  step(batch: Batch, options?: StepOptions & { readonly readLoss?: true }): Promise<StepResult>;
  /**
   * A step that need not wait for its loss (WebGPU in the browser): see
   * {@link StepOptions.readLoss}. A non-finite loss or update of a step that was not read shows
   * at the next step that reads its loss, and the parameters are then no longer those of the last
   * finite step.
   */
  step(batch: Batch, options: StepOptions): Promise<QueuedStepResult>;
  /** Trains over a dataset for some epochs, with shuffling and progress reports. */
  fit(data: LabelledData, options?: FitOptions): Promise<FitResult>;
  /** The mean elementwise loss over a dataset (no update). */
  evaluate(data: LabelledData, options?: { batchSize?: number }): Promise<EvaluationResult>;
  /** The model's output for every input. */
  predict(inputs: Dataset, options?: { batchSize?: number }): Promise<HostTensor>;
  /** Copies of the current parameters, by name. */
  parameters(): Promise<Record<string, Float32Array>>;
  /** A plain inference `.onnx` model with the trained weights, runnable without losskit. */
  exportOnnx(): Promise<Uint8Array>;
  /** Parameters, optimizer state and step count as one `.onnx` file. */
  saveCheckpoint(): Promise<Uint8Array>;
  /** Restores a checkpoint written by `saveCheckpoint` for the same model and optimizer. */
  loadCheckpoint(bytes: Uint8Array): Promise<void>;
  release(): Promise<void>;
  /** `release()`, for `await using trainer = await createTrainer(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}
