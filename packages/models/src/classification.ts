import { InvalidInputError } from '@losskit/graph';
import type { HostTensor } from '@losskit/graph';

/**
 * The predicted class of each row of `[count, classes]` logits (or probabilities): the index of
 * its largest value, the first one on ties (as `torch.argmax` does).
 */
export function predictedClasses(logits: HostTensor): Int32Array {
  const [count, classes] = logits.dims;
  if (logits.dims.length !== 2 || count === undefined || classes === undefined || classes < 1 || logits.data.length !== count * classes) {
    throw new InvalidInputError('logits', '[count, classes] values, one row per example', `dims [${logits.dims.join(', ')}] and ${logits.data.length} values`);
  }
  const predicted = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits.data[n * classes + c]! > logits.data[n * classes + best]!) best = c;
    predicted[n] = best;
  }
  return predicted;
}

/**
 * The confusion matrix of `predicted` against the true `labels`, scikit-learn's layout:
 * `matrix[t][p]` counts the examples of class `t` predicted as `p`, so the diagonal holds the
 * correct ones and row `t` sums to the examples of class `t`. Classes are `0..classes-1`.
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (!Number.isInteger(classes) || classes < 1) throw new InvalidInputError('classes', 'a positive integer', classes);
  if (labels.length !== predicted.length) throw new InvalidInputError('predicted', `${labels.length} classes, one per label`, `${predicted.length}`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const check = (name: string, values: ArrayLike<number>, i: number) => {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) throw new InvalidInputError(`${name}[${i}]`, `a class in [0, ${classes - 1}]`, v);
    return v;
  };
  for (let i = 0; i < labels.length; i++) matrix[check('labels', labels, i)]![check('predicted', predicted, i)]!++;
  return matrix;
}

/** The fraction of examples a confusion matrix counts on its diagonal (0 for an empty matrix). */
export function confusionAccuracy(matrix: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => row.forEach((n, p) => {
    total += n;
    if (t === p) correct += n;
  }));
  return total === 0 ? 0 : correct / total;
}
