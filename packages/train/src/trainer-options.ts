import { type LossPlugin, type OptionSpec, REDUCTIONS, type Reduction, type ResolvedOptions, option, pluginOption, resolveOptions } from '@losskit/core';
import { DROPOUT_OPTIONS, type DropoutOptions, type DropoutSchema } from './dropout';
import type { ParameterFilter } from './selection';
import { RUNTIME_OPTIONS, type RuntimeOptionsSchema } from '@losskit/runtime';
import type { ModelSource } from './model';
import { MODEL_SOURCE_DESCRIPTION } from '@losskit/graph';
import { type Optimizer, adam, lrOption } from './optimizers';
import type { FitOptions } from './trainer-types';

type ScalarReduction = Exclude<Reduction, 'none'>;

/** The schema of {@link createTrainer}'s options (the README's table is checked against it). */
export type TrainerOptionsSchema = RuntimeOptionsSchema & {
  readonly model: OptionSpec<ModelSource>;
  readonly loss: OptionSpec<LossPlugin<unknown>>;
  readonly optimizer: OptionSpec<Optimizer>;
  readonly reduction: OptionSpec<ScalarReduction>;
  readonly input: OptionSpec<string | undefined>;
  readonly output: OptionSpec<string | undefined>;
  readonly trainable: OptionSpec<ParameterFilter | undefined>;
  readonly frozen: OptionSpec<ParameterFilter | undefined>;
  readonly dropout: OptionSpec<DropoutOptions | undefined, ResolvedOptions<DropoutSchema>>;
  readonly hostOptimizer: OptionSpec<boolean>;
};

function parameterFilterOption(description: string): OptionSpec<ParameterFilter | undefined> {
  return option.optional(
    option.satisfying<ParameterFilter>({
      type: 'a name or prefix, a list of them, a RegExp or a function (name) => boolean',
      description,
      default: () => () => true,
      // selection.ts then checks that every name or prefix matches a parameter.
      test: (v) => typeof v === 'string' || Array.isArray(v) || v instanceof RegExp || typeof v === 'function',
    }),
  );
}

function isOptimizer(value: unknown): value is Optimizer {
  const v = value as Partial<Optimizer> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.update === 'function' && Array.isArray(v.stateSlots);
}

export const TRAINER_OPTIONS: TrainerOptionsSchema = {
  model: option.required(
    option.satisfying<ModelSource>({
      type: MODEL_SOURCE_DESCRIPTION,
      description: 'The model: a `Model` from `@losskit/models` or `decodeModel`, or `.onnx` bytes.',
      default: () => undefined as never,
      // prepareModel checks the model's graph, with the model's own words.
      test: (value) => value instanceof Uint8Array || (typeof value === 'object' && value !== null && 'graph' in value),
    }),
  ),
  loss: pluginOption({ description: 'The loss plugin, e.g. `l1()` or `luma()`.' }),
  optimizer: option.satisfying<Optimizer>({
    type: 'an optimizer such as adam() or sgd() (not the factory adam)',
    description: 'The optimizer: its update is compiled into the step graph (Adam runs in WebAssembly on cpu, see `hostOptimizer`).',
    default: () => adam(),
    test: isOptimizer,
  }),
  reduction: option.oneOf({
    description: "How a batch's loss is reduced for training.",
    values: REDUCTIONS.filter((r): r is ScalarReduction => r !== 'none'),
    default: 'mean',
  }),
  input: option.optional(option.string({ description: 'The graph input that receives a batch. Required when the graph has several.', default: '' })),
  output: option.optional(option.string({ description: 'The graph output compared with the target. Required when the graph has several.', default: '' })),
  trainable: parameterFilterOption('Which parameters train: names or name prefixes, a RegExp or a predicate. Default: every float32 initializer the output depends on.'),
  frozen: parameterFilterOption("The opposite of `trainable`: parameters to keep fixed, e.g. `['conv1.', 'bn1.']`. Default none."),
  dropout: option.custom<DropoutOptions | undefined, ResolvedOptions<DropoutSchema>>({
    type: 'an object { seed?, mask? }',
    description: 'How training-mode Dropout nodes draw their masks.',
    default: () => resolveOptions('createTrainer.dropout', DROPOUT_OPTIONS, {}),
    parse: (value, path) => resolveOptions(path, DROPOUT_OPTIONS, value),
  }),
  hostOptimizer: option.boolean({
    description:
      "Run Adam's update (`adam()`, `adamw()`) in place in WebAssembly where the provider allows it (cpu), the step graph returning only the gradients; `false` keeps it in the graph.",
    default: true,
  }),
  ...RUNTIME_OPTIONS,
};

/** The schema of {@link Trainer.fit}'s options. */
export type FitOptionsSchema = {
  readonly epochs: OptionSpec<number>;
  readonly batchSize: OptionSpec<number>;
  readonly shuffle: OptionSpec<boolean>;
  readonly seed: OptionSpec<number>;
  readonly maxSteps: OptionSpec<number | undefined>;
  readonly onProgress: OptionSpec<FitOptions['onProgress']>;
};

export const FIT_OPTIONS: FitOptionsSchema = {
  epochs: option.positiveInteger({ description: 'Passes over the data.', default: 1 }),
  batchSize: option.positiveInteger({ description: 'Examples per step; the last incomplete batch of an epoch is dropped.', default: 32 }),
  shuffle: option.boolean({ description: 'Reshuffle the examples every epoch.', default: true }),
  seed: option.integer({ description: 'Seed of the shuffling.', default: 0 }),
  maxSteps: option.optional(option.positiveInteger({ description: 'Stop after this many steps in total, even mid-epoch.', default: 1 })),
  onProgress: option.function<NonNullable<FitOptions['onProgress']>>({ description: 'Called after every step with the progress.' }),
};

/** The schema of `step`'s options. */
export type StepOptionsSchema = { readonly readLoss: OptionSpec<boolean> };

export const STEP_OPTIONS: StepOptionsSchema = {
  readLoss: option.boolean({ description: "Wait for the step's loss (WebGPU in the browser may skip it).", default: true }),
};

/** The schema of `evaluate`'s and `predict`'s options. */
export type BatchOptionsSchema = { readonly batchSize: OptionSpec<number> };

export const BATCH_OPTIONS: BatchOptionsSchema = {
  batchSize: option.positiveInteger({ description: 'Examples per run.', default: 64 }),
};

/** The `learningRate` a running trainer accepts (the optimizers' `lr`). */
export const learningRateOption: OptionSpec<number> = lrOption(1e-3);
