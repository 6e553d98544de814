import { type LossPlugin, type Reduction, checkReduction, isLossPlugin } from '@losskit/core';
import { InvalidInputError, InvalidOptionError, describeValue } from '@losskit/graph';
import { type SessionTuning, checkSessionTuning } from '@losskit/runtime';
import { type Optimizer, adam } from './optimizers';
import type { FitOptions, TrainerOptions } from './trainer-types';

export function positiveInteger(value: number | undefined, fallback: number, argument: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size <= 0) throw new InvalidOptionError(argument, 'a positive integer', describeValue(size));
  return size;
}

const KNOWN_OPTIONS = ['model', 'loss', 'optimizer', 'provider', 'reduction', 'onNotice', 'session', 'input', 'output', 'trainable', 'frozen', 'dropout'];

/** The checked options of {@link createTrainer}, defaults filled in (the model is prepared separately). */
export interface TrainerConfig {
  readonly loss: LossPlugin<unknown>;
  readonly reduction: Exclude<Reduction, 'none'>;
  readonly optimizer: Optimizer;
  /** The caller's listener; `undefined` lets the runtime print to `console.warn` once per process. */
  readonly onNotice: ((message: string) => void) | undefined;
  readonly session: SessionTuning;
}

export function checkTrainerOptions(options: TrainerOptions): TrainerConfig {
  if (typeof options !== 'object' || options === null) throw new InvalidInputError('options', 'an object { model, loss, ... }', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      throw new InvalidOptionError(`createTrainer.${key}`, `a known option (one of ${KNOWN_OPTIONS.join(', ')})`, `unknown option "${key}"`);
    }
  }
  if (!isLossPlugin(options.loss)) {
    throw new InvalidOptionError('createTrainer.loss', 'a loss plugin such as l1() (not the factory l1)', describeValue(options.loss));
  }
  const reduction = checkReduction(options.reduction ?? 'mean');
  if (reduction === 'none') throw new InvalidOptionError('createTrainer.reduction', 'a reduction to a scalar', '"none"');
  return {
    loss: options.loss,
    reduction,
    optimizer: options.optimizer ?? adam(),
    onNotice: options.onNotice,
    session: checkSessionTuning(options.session),
  };
}

/** Checks a learning rate set on a running trainer. */
export function checkLearningRate(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError('learningRate', 'a finite number > 0', describeValue(value));
  }
  return value;
}

const FIT_OPTIONS = ['epochs', 'batchSize', 'shuffle', 'seed', 'maxSteps', 'onProgress'];

/**
 * Checks the options of `fit` before any step runs: `maxSteps: NaN` or `epochs: 1.5` would
 * otherwise train a surprising number of steps (zero, for NaN) without a word.
 */
export function checkFitOptions(options: FitOptions): {
  batchSize: number;
  epochs: number;
  maxSteps: number;
  shuffle: boolean;
  seed: number;
  onProgress: FitOptions['onProgress'];
} {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('fit options', 'an object', describeValue(options));
  for (const key of Object.keys(options)) {
    if (!FIT_OPTIONS.includes(key)) {
      throw new InvalidOptionError(`fit.${key}`, `a known option (one of ${FIT_OPTIONS.join(', ')})`, `unknown option "${key}"`);
    }
  }
  const maxSteps = options.maxSteps === undefined ? Number.POSITIVE_INFINITY : positiveInteger(options.maxSteps, 1, 'fit.maxSteps');
  if (options.shuffle !== undefined && typeof options.shuffle !== 'boolean') {
    throw new InvalidOptionError('fit.shuffle', 'a boolean', describeValue(options.shuffle));
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionError('fit.seed', 'an integer', describeValue(seed));
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidOptionError('fit.onProgress', 'a function (progress) => void', describeValue(options.onProgress));
  }
  return {
    batchSize: positiveInteger(options.batchSize, 32, 'fit.batchSize'),
    epochs: positiveInteger(options.epochs, 1, 'fit.epochs'),
    maxSteps,
    shuffle: options.shuffle ?? true,
    seed,
    onProgress: options.onProgress,
  };
}
