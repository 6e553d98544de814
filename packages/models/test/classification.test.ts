import { InvalidInputError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { confusionAccuracy, confusionMatrix, predictedClasses } from '../src/index';

describe('predictedClasses', () => {
  it('takes the argmax of each row, the first on ties', () => {
    // Rows: max at 2; max at 0; a tie of 1 and 3 (first wins); all equal (0 wins); negatives, max at 1.
    const logits = Float32Array.of(0.1, 0.2, 0.9, 0.0, 5, 1, 2, 3, 0, 4, 1, 4, 7, 7, 7, 7, -3, -1, -2, -5);
    expect(Array.from(predictedClasses({ data: logits, dims: [5, 4] }))).toEqual([2, 0, 1, 0, 1]);
  });

  it('refuses logits that are not [count, classes]', () => {
    expect(() => predictedClasses({ data: new Float32Array(6), dims: [6] })).toThrowError(InvalidInputError);
    expect(() => predictedClasses({ data: new Float32Array(5), dims: [2, 3] })).toThrowError('Invalid logits: expected [count, classes] values, one row per example, received dims [2, 3] and 5 values');
  });
});

describe('confusionMatrix', () => {
  it('counts true class by row and predicted class by column', () => {
    const labels = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    const predicted = [0, 0, 1, 1, 2, 2, 2, 0, 2];
    // By hand: class 0 -> predicted 0 twice, 1 once; class 1 -> 1 once, 2 once; class 2 -> 0 once, 2 three times.
    const matrix = confusionMatrix(labels, predicted, 3);
    expect(matrix).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 3],
    ]);
    // 6 of 9 on the diagonal.
    expect(confusionAccuracy(matrix)).toBeCloseTo(6 / 9, 15);
    expect(confusionAccuracy([[0, 0], [0, 0]])).toBe(0);
  });

  it('takes typed arrays and leaves classes nobody predicted at zero', () => {
    expect(confusionMatrix(Int32Array.of(3, 3), Int32Array.of(3, 0), 4)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 1],
    ]);
  });

  it('refuses classes out of range and lengths that differ', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrowError('Invalid labels[1]: expected a class in [0, 2], received 3');
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrowError('Invalid predicted[1]: expected a class in [0, 2], received -1');
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrowError('Invalid predicted: expected 2 classes, one per label, received 1');
    expect(() => confusionMatrix([], [], 0)).toThrowError(InvalidInputError);
  });
});
