// categoricalHinge() through LossTester on every provider: the values of Keras's own tests of
// keras.losses.CategoricalHinge (keras/src/losses/losses_test.py, CategoricalHingeTest),
// hand-computed cases for ties and for Keras's neg of 0, bad inputs, and random checks against
// the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { categoricalHinge } from '../src/index';

// Keras's CategoricalHingeTest. Sample 0: t = [0, 1], pos = 0.4, neg = max(0.6, 0) = 0.6,
// l = 0.6 - 0.4 + 1 = 1.2. Sample 1: t = [0, 0], pos = 0, neg = 0.6, l = 1.6.
// Gradient of l: s (1 - t) - t with s one-hot at the max of (1 - t) p: [1, -1] and [0, 1].
const kerasTrue = { data: [0, 1, 0, 0], dims: [2, 2] };
const kerasPred = { data: [0.6, 0.4, 0.4, 0.6], dims: [2, 2] };

/** One-hot rows along the last axis, the class drawn uniformly. */
function oneHotRows(random: () => number, dims: readonly number[]): number[] {
  const classes = dims.at(-1)!;
  const rows = dims.reduce((n, d) => n * d, 1) / classes;
  return Array.from({ length: rows }, () => {
    const hot = Math.floor(random() * classes);
    return Array.from({ length: classes }, (_, c) => (c === hot ? 1 : 0));
  }).flat();
}

new LossTester({ describe, it, beforeAll, afterAll }).run('categorical-hinge', categoricalHinge, {
  valid: [
    { name: 'Keras CategoricalHingeTest, reduction None: [1.2, 1.6]', prediction: kerasPred, target: kerasTrue, reduction: 'none', expected: [1.2, 1.6], gradient: [1, -1, 0, 1] },
    { name: 'Keras CategoricalHingeTest, sum_over_batch_size: 1.4', prediction: kerasPred, target: kerasTrue, expected: 1.4, gradient: [0.5, -0.5, 0, 0.5] },
    { name: 'Keras CategoricalHingeTest, sum: 2.8', prediction: kerasPred, target: kerasTrue, reduction: 'sum', expected: 2.8 },
    {
      name: 'Keras CategoricalHingeTest, sample_weight [1, 0], sum_over_batch_size: 0.6',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1, 0], dims: [2] },
      expected: 0.6,
      gradient: [0.5, -0.5, 0, 0],
    },
    {
      // Two other classes tie at 0.5: neg = 0.5, pos = 0.2, l = 1.3. The max's gradient is
      // shared: [0.5, 0.5] to the tied classes, -1 to the true class.
      name: 'hand computed: a tie for the best other score shares its gradient',
      prediction: { data: [0.5, 0.5, 0.2], dims: [1, 3] },
      target: { data: [0, 0, 1], dims: [1, 3] },
      expected: 1.3,
      gradient: [0.5, 0.5, -1],
    },
    {
      // Every other score below 0: (1 - t) p is 0 at the true class, so Keras's neg is 0, not -2.
      // pos = -1, l = 0 + 1 + 1 = 2; gradient -t (neg does not move). Second sample: pos = 3,
      // neg = 0.5, margin -1.5, so l = 0 with gradient 0.
      name: 'hand computed: Keras\'s neg is 0 when the other scores are negative; a met margin costs 0',
      prediction: { data: [-1, -2, -3, 3, 0.5, 0], dims: [2, 3] },
      target: { data: [1, 0, 0, 1, 0, 0], dims: [2, 3] },
      reduction: 'none',
      expected: [2, 0],
      gradient: [-1, 0, 0, 0, 0, 0],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no class axis',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(categorical-hinge compares the classes along the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'class indices instead of one-hot rows',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: Int32Array.of(0, 2), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'one-hot rows of another class count',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [1, 0, 0, 1], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 3\] \(the prediction's dims\), received \[2, 2\].*differ at axis 1/,
    },
    { name: 'an option categorical-hinge does not take', options: { margin: 2 }, error: InvalidOptionError, message: /categorical-hinge\.margin/ },
  ],
  random: { dims: [[4, 3]], target: oneHotRows },
});
