// squaredHinge() through LossTester on every provider: the values of Keras's own tests of
// keras.losses.SquaredHinge (keras/src/losses/losses_test.py, SquaredHingeTest), hand-computed
// cases for -1/1 labels and the last axis, bad inputs, and random checks against the float64
// reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { squaredHinge } from '../src/index';

// Keras's SquaredHingeTest: 0/1 labels, read as y = [[-1, 1], [-1, -1]]. Margins 1 - y p:
// [[1.6, 0.6], [1.4, 1.6]]; squares [[2.56, 0.36], [1.96, 2.56]]; per sample [1.46, 2.26].
const kerasTrue = { data: [0, 1, 0, 0], dims: [2, 2] };
const kerasPred = { data: [0.6, 0.4, 0.4, 0.6], dims: [2, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('squared-hinge', squaredHinge, {
  valid: [
    {
      // d/dp of the sum of per-sample means: -2 y m / 2 = -y m.
      name: 'Keras SquaredHingeTest, reduction None: [1.46, 2.26]',
      prediction: kerasPred,
      target: kerasTrue,
      reduction: 'none',
      expected: [1.46, 2.26],
      gradient: [1.6, -0.6, 1.4, 1.6],
    },
    { name: 'Keras SquaredHingeTest, sum_over_batch_size: 1.86', prediction: kerasPred, target: kerasTrue, expected: 1.86, gradient: [0.8, -0.3, 0.7, 0.8] },
    { name: 'Keras SquaredHingeTest, sum: 3.72', prediction: kerasPred, target: kerasTrue, reduction: 'sum', expected: 3.72 },
    {
      name: 'Keras SquaredHingeTest, sample_weight [1, 0], sum_over_batch_size: 0.73',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1, 0], dims: [2] },
      expected: 0.73,
      gradient: [0.8, -0.3, 0, 0],
    },
    {
      // -1/1 labels as given. Margins 1.5, max(1 - 2, 0) = 0, 2; squares 2.25, 0, 4: mean 6.25 / 3.
      // Gradient -2 y m / 3: [1, 0, -4/3].
      name: 'hand computed: -1/1 labels, a satisfied margin costs 0 with gradient 0',
      prediction: { data: [0.5, 2, -1], dims: [1, 3] },
      target: { data: [-1, 1, 1], dims: [1, 3] },
      expected: 6.25 / 3,
      gradient: [1, 0, -4 / 3],
    },
    {
      // [2, 1, 2]: the mean runs over the last axis only. y = [[-1, 1]], [[1, 1]]; margins
      // [1.5, 1], [0, 1.25]; squares [2.25, 1], [0, 1.5625]; means 1.625, 0.78125.
      name: 'hand computed: [2, 1, 2] averages the last axis only, giving [2, 1]',
      prediction: { data: [0.5, 0, 1, -0.25], dims: [2, 1, 2] },
      target: { data: [0, 1, 1, 1], dims: [2, 1, 2] },
      reduction: 'none',
      expected: [1.625, 0.78125],
      gradient: [1.5, -1, 0, -1.25],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no last axis to average',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(squared-hinge averages over the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'integer labels',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Int32Array.of(1, -1, 1, -1), dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'weights of the prediction\'s last axis: the loss has one value per sample',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [1, -1, 1, -1, 1, -1], dims: [2, 3] },
      weights: { data: [1, 1, 1], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid weights\.dims: expected dims that broadcast to the elementwise loss shape \[2\], received \[3\]$/,
    },
    { name: 'an option squared-hinge does not take', options: { margin: 2 }, error: InvalidOptionError, message: /squared-hinge\.margin/ },
  ],
  // -1/1 labels and predictions in [-2, 2]: margins on both sides of the hinge.
  random: { dims: [[3, 4]], prediction: { min: -2, max: 2 }, target: { binary: true, min: -1, max: 1 } },
});
