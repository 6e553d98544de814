import { type LossPlugin, type Reduction, checkReduction, isLossPlugin } from '@losskit/core';
import { InvalidInputError, InvalidOptionError, describeValue } from '@losskit/graph';
import { type SessionTuning, checkSessionTuning } from '@losskit/runtime';
import { type Optimizer, adam } from './optimizers';
import type { TrainerOptions } from './trainer-types';

export function positiveInteger(value: number | undefined, fallback: number, argument: string): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size <= 0) throw new InvalidOptionError(argument, 'a positive integer', describeValue(size));
  return size;
}

const KNOWN_OPTIONS = ['model', 'loss', 'optimizer', 'provider', 'reduction', 'onNotice', 'session', 'input', 'output', 'trainable'];

/** The checked options of {@link createTrainer}, defaults filled in (the model is prepared separately). */
export interface TrainerConfig {
  readonly loss: LossPlugin<unknown>;
  readonly reduction: Exclude<Reduction, 'none'>;
  readonly optimizer: Optimizer;
  readonly onNotice: (message: string) => void;
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
    onNotice: options.onNotice ?? console.warn,
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
