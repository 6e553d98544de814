import { type OptionSpec, option } from './options';

/**
 * An optional weight per class (length C, each >= 0), PyTorch's `weight` argument of its class
 * losses. `description` says what the weight scales in the loss at hand.
 */
export function classWeightsOption(description: string): OptionSpec<readonly number[] | undefined, readonly number[] | undefined> {
  return option.optional(
    option.array({
      description,
      default: [],
      minLength: 1,
      item: option.number({ description: 'a class weight', default: 1, min: 0 }),
    }),
  );
}

/**
 * The options of a class loss over log-probabilities or logits (cross-entropy, NLL): how it
 * reads its target. Their resolved values are a `ClassTargetSettings`.
 */
export type ClassTargetSchema = {
  /** Default `1`: logits `[N, C, ...]`, as PyTorch lays them out. */
  readonly classAxis: OptionSpec<number>;
  /** Default `'indices'`. */
  readonly targets: OptionSpec<'indices' | 'probabilities'>;
  /** Default `-100`, PyTorch's. */
  readonly ignoreIndex: OptionSpec<number>;
  /** Default none (every class weighs 1). */
  readonly classWeights: OptionSpec<readonly number[] | undefined, readonly number[] | undefined>;
  /** Default `0`, in [0, 1]. */
  readonly labelSmoothing: OptionSpec<number>;
};

/** The {@link ClassTargetSchema} of cross-entropy and NLL, with PyTorch's defaults. */
export const classTargetSchema: ClassTargetSchema = {
  classAxis: option.integer({ description: 'The axis of the prediction that holds the classes (negative counts from the end).', default: 1 }),
  targets: option.oneOf({
    description: '`indices`: integer class labels, the prediction dims without the class axis; `probabilities`: a float distribution over the classes per position, the prediction dims.',
    values: ['indices', 'probabilities'],
    default: 'indices',
  }),
  ignoreIndex: option.integer({
    description: 'Class-index targets only: a label that contributes neither loss nor gradient, and does not count towards the mean.',
    default: -100,
  }),
  classWeights: classWeightsOption(
    'A weight per class (length C): scales each term, and the mean divides by the weights of the labels (PyTorch `weight`).',
  ),
  labelSmoothing: option.number({
    description: 'Mixes each target with the uniform distribution: (1 - s) of the label and s / C of every class.',
    default: 0,
    min: 0,
    max: 1,
  }),
};
