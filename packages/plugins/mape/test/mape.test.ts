// mape() through LossTester on every provider: Keras's documented example and the values of its
// own MeanAbsolutePercentageErrorTest (keras/src/losses/losses_test.py), a zero target divided by
// Keras's epsilon, bad inputs, and random checks against the float64 reference and finite
// differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mape } from '../src/index';

// Keras's test inputs. Sample 0: |1-4|/1 = 3, |9-8|/9 = 1/9, |2-12|/2 = 5: 100 * (8 + 1/9) / 3 =
// 270.370370. Sample 1: 13/5 = 2.6, 3/2 = 1.5, 3/6 = 0.5: 100 * 4.6 / 3 = 153.333333.
// Mean 211.851852 (Keras asserts 211.8518).
const kerasTrue = { data: [1, 9, 2, -5, -2, 6], dims: [2, 3] };
const kerasPred = { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] };
const perSample = [(100 * (8 + 1 / 9)) / 3, (100 * 4.6) / 3];

/** Targets of magnitude 0.5 to 2 with a random sign: away from the epsilon floor. */
function awayFromZero(random: () => number, dims: readonly number[]): number[] {
  return Array.from({ length: dims.reduce((n, d) => n * d, 1) }, () => (random() < 0.5 ? -1 : 1) * (0.5 + 1.5 * random()));
}

new LossTester({ describe, it, beforeAll, afterAll }).run('mape', mape, {
  valid: [
    {
      // 100 * (10/100 + 10/200 + 10/300) / 3 = 6.111111 for a [3] prediction, one sample.
      // Gradient 100 sign(p - t) / (|t| * 3): [-1/3, 1/6, 1/9].
      name: 'Keras documentation example: 6.111111',
      prediction: { data: [90, 210, 310], dims: [3] },
      target: { data: [100, 200, 300], dims: [3] },
      expected: 6.111111111111111,
      gradient: [-1 / 3, 1 / 6, 1 / 9],
    },
    {
      // Gradient of the mean: 100 sign(p - t) / (|t| * 3 * 2).
      name: 'Keras MeanAbsolutePercentageErrorTest, unweighted: 211.8518',
      prediction: kerasPred,
      target: kerasTrue,
      expected: (perSample[0]! + perSample[1]!) / 2,
      gradient: [100 / 6, -100 / 54, 100 / 12, 100 / 30, 100 / 12, -100 / 36],
    },
    {
      // Keras's test gives [621.8518, 352.6666] with sample_weight 2.3: 2.3 times these.
      name: 'Keras test inputs, reduction None: [270.3704, 153.3333]',
      prediction: kerasPred,
      target: kerasTrue,
      reduction: 'none',
      expected: perSample,
    },
    {
      // (1.2 * 270.370370 + 3.4 * 153.333333) / 2 = 422.888889 (Keras asserts 422.8888).
      name: 'Keras test, sample_weight [1.2, 3.4]: 422.8888',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1.2, 3.4], dims: [2] },
      expected: (1.2 * perSample[0]! + 3.4 * perSample[1]!) / 2,
    },
    {
      // [2, 3, 1]: one element per sample: [300, 11.111, 500, 260, 150, 50] weighted by
      // [3, 6, 5, 0, 4, 2] and divided by 6 = 4166.667 / 6 = 694.4444 (Keras asserts 694.4444).
      name: 'Keras test, timestep weighted [2, 3, 1]: 694.4444',
      prediction: { data: [4, 8, 12, 8, 1, 3], dims: [2, 3, 1] },
      target: { data: [1, 9, 2, -5, -2, 6], dims: [2, 3, 1] },
      weights: { data: [3, 6, 5, 0, 4, 2], dims: [2, 3] },
      expected: (900 + 600 / 9 + 2500 + 0 + 600 + 100) / 6,
    },
    {
      name: 'Keras test, all correct: 0, and gradient 0 at p = t',
      prediction: { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] },
      target: { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] },
      expected: 0,
      gradient: [0, 0, 0, 0, 0, 0],
    },
    {
      // A zero target divides by epsilon: 100 * 1e-6 / 1e-7 = 1000; 100 * |2 - 1| / 1 = 100.
      // Mean 550; gradient 100 / (1e-7 * 2) = 5e8 and 100 / 2 = 50.
      name: 'hand computed: a zero target divides by Keras\'s epsilon 1e-7',
      prediction: { data: [1e-6, 2], dims: [1, 2] },
      target: { data: [0, 1], dims: [1, 2] },
      expected: 550,
      gradient: [5e8, 50],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no last axis to average',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(mape averages over the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'a target of other dims',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [1, 1], dims: [1, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[1, 2\].*differ at axis 0/,
    },
    {
      name: 'an infinite target',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Float32Array.of(1, 1, Number.POSITIVE_INFINITY, 1), dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[2\]: expected a finite number, received Infinity/,
    },
    { name: 'an option mape does not take', options: { epsilon: 1e-3 }, error: InvalidOptionError, message: /mape\.epsilon/ },
  ],
  random: { dims: [[3, 4]], prediction: { min: -2, max: 2 }, target: awayFromZero },
});
