// hinge() through LossTester on every provider: the values of Keras's own tests of
// keras.losses.Hinge (keras/src/losses/losses_test.py, HingeTest), hand-computed cases for -1/1
// labels, Keras's label rule and the last axis, bad inputs, and random checks against the
// float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hinge } from '../src/index';

// Keras's HingeTest: 0/1 labels, read as y = [[-1, 1], [-1, -1]]. Margins 1 - y p:
// [[1.6, 0.6], [1.4, 1.6]], all positive; per sample [1.1, 1.5].
const kerasTrue = { data: [0, 1, 0, 0], dims: [2, 2] };
const kerasPred = { data: [0.6, 0.4, 0.4, 0.6], dims: [2, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('hinge', hinge, {
  valid: [
    {
      // d/dp of the sum of per-sample means: -y / 2 where the margin is positive (everywhere here).
      name: 'Keras HingeTest, reduction None: [1.1, 1.5]',
      prediction: kerasPred,
      target: kerasTrue,
      reduction: 'none',
      expected: [1.1, 1.5],
      gradient: [0.5, -0.5, 0.5, 0.5],
    },
    { name: 'Keras HingeTest, sum_over_batch_size: 1.3', prediction: kerasPred, target: kerasTrue, expected: 1.3, gradient: [0.25, -0.25, 0.25, 0.25] },
    { name: 'Keras HingeTest, sum: 2.6', prediction: kerasPred, target: kerasTrue, reduction: 'sum', expected: 2.6 },
    {
      name: 'Keras HingeTest, sample_weight [1, 0], sum_over_batch_size: 0.55',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1, 0], dims: [2] },
      expected: 0.55,
      gradient: [0.25, -0.25, 0, 0],
    },
    {
      // tf.keras 2's documented example of Hinge: max(0, 1 - y p) = [1.6, 1.7, 1.5], mean 1.6.
      name: 'Keras documentation example: labels [-1, 1, 1], scores [0.6, -0.7, -0.5] cost 1.6',
      prediction: { data: [0.6, -0.7, -0.5], dims: [3] },
      target: { data: [-1, 1, 1], dims: [3] },
      expected: 1.6,
      gradient: [1 / 3, -1 / 3, -1 / 3],
    },
    {
      // -1/1 labels are used as given. Margins: 1 + 0.5 = 1.5, max(1 - 2, 0) = 0, 1 + 1 = 2;
      // mean 3.5 / 3. Gradient -y / 3 where the margin is positive, 0 where it is not.
      name: 'hand computed: -1/1 labels, a satisfied margin costs 0 with gradient 0',
      prediction: { data: [0.5, 2, -1], dims: [1, 3] },
      target: { data: [-1, 1, 1], dims: [1, 3] },
      expected: 3.5 / 3,
      gradient: [1 / 3, 0, -1 / 3],
    },
    {
      // Labels -1, 0, 1 are not all 0 or 1, so Keras keeps the 0: margin 1 - 0 p = 1, gradient 0.
      // Margins 1.5, 1, 0.5: mean 1. A [3] prediction is one sample: the loss is a scalar.
      name: 'hand computed: labels -1, 0, 1 keep their 0 (Keras), one sample of dims [3]',
      prediction: { data: [0.5, 0.5, 0.5], dims: [3] },
      target: { data: [-1, 0, 1], dims: [3] },
      reduction: 'none',
      expected: [1],
      gradient: [1 / 3, 0, -1 / 3],
    },
    {
      // [2, 1, 2]: the mean runs over the last axis only, giving [2, 1]. All labels 0/1:
      // y = [[-1, 1]], [[1, 1]]; margins [1.5, 1], [0, 1.25]; means 1.25, 0.625.
      name: 'hand computed: [2, 1, 2] averages the last axis only, giving [2, 1]',
      prediction: { data: [0.5, 0, 1, -0.25], dims: [2, 1, 2] },
      target: { data: [0, 1, 1, 1], dims: [2, 1, 2] },
      reduction: 'none',
      expected: [1.25, 0.625],
      gradient: [0.5, -0.5, 0, -0.5],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no last axis to average',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(hinge averages over the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'a target without the last axis',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [1, -1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2\]/,
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
    { name: 'an option hinge does not take', options: { margin: 2 }, error: InvalidOptionError, message: /hinge\.margin/ },
  ],
  // 0/1 labels (read as -1/1) and predictions in [-2, 2]: margins on both sides of the kink.
  random: { dims: [[3, 4], [2, 2, 3]], prediction: { min: -2, max: 2 }, target: { binary: true } },
});
