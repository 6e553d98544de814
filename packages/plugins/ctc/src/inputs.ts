import { InvalidInputError, type LossInputSpecs, type LossInputs } from '@losskit/core';

/** The sizes of CTC's log-probabilities `[T, N, C]`: frames, batch, classes (blank included). */
export interface CtcDims {
  readonly T: number;
  readonly N: number;
  readonly C: number;
}

/** The sizes of a prediction `[T, N, C]`, or an `InvalidInputError` naming `prediction.dims`. */
export function ctcDims(dims: readonly number[]): CtcDims {
  if (dims.length !== 3) {
    throw new InvalidInputError('prediction.dims', 'log-probabilities [T, N, C] (frames, batch, classes), as PyTorch takes them', `[${dims.join(', ')}]`);
  }
  return { T: dims[0]!, N: dims[1]!, C: dims[2]! };
}

/** Refuses a blank that is not one of the `classes` classes (the option cannot know C). */
export function checkBlank(classes: number, blank: number): void {
  if (blank >= classes) {
    throw new InvalidInputError('prediction.dims', `more than ${blank} classes along axis 2 (the blank is class ${blank})`, `${classes} classes`);
  }
}

/**
 * CTC's inputs besides the log-probabilities, named after PyTorch's arguments. Padded labels
 * beyond a sample's target length are never read, so only the value checks of `validateCtc`
 * (which know the lengths) look at labels.
 */
export const CTC_INPUTS: LossInputSpecs = {
  target: {
    type: 'integer',
    dims: (dims) => [ctcDims(dims).N, undefined],
    description: 'padded labels [N, S]: the first targetLengths[n] of row n are class indices other than the blank',
  },
  inputLengths: {
    type: 'integer',
    dims: (dims) => [ctcDims(dims).N],
    range: (dims) => {
      const { T } = ctcDims(dims);
      return { min: 1, max: T, description: `an input length in [1, ${T}] (the prediction's ${T} frames)` };
    },
    description: 'the frames of each sample [N], in [1, T]',
  },
  targetLengths: {
    type: 'integer',
    dims: (dims) => [ctcDims(dims).N],
    description: "the labels of each sample [N], in [0, S] (S: the target's padded length)",
  },
};

/**
 * The checks that depend on more than the prediction's dims: the blank is a class, each target
 * length is in `[0, S]`, and each label within a target length is a class other than the blank
 * (PyTorch computes a meaningless value for a blank inside a target).
 */
export function validateCtc(inputs: LossInputs, blank: number): void {
  const { C } = ctcDims(inputs.prediction.dims);
  checkBlank(C, blank);
  const target = inputs.target;
  const lengths = inputs.targetLengths!.data;
  const S = target.dims[1]!;
  for (let n = 0; n < lengths.length; n++) {
    const length = lengths[n]!;
    if (length < 0 || length > S) {
      throw new InvalidInputError(`targetLengths.data[${n}]`, `a target length in [0, ${S}] (the target's padded length)`, String(length));
    }
    for (let i = 0; i < length; i++) {
      const label = target.data[n * S + i]!;
      if (label < 0 || label >= C || label === blank) {
        throw new InvalidInputError(
          `target.data[${n * S + i}]`,
          `a label in [0, ${C - 1}] other than the blank ${blank} (sample ${n} has ${length} labels)`,
          String(label),
        );
      }
    }
  }
}
