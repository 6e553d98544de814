// tversky() through LossTester on every provider: the values of Keras's own TverskyTest
// (keras/src/losses/losses_test.py, after the alpha/beta fix of keras #23333), gradients by
// hand, bad options, and random checks against the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tversky } from '../src/index';

const EPSILON = 1e-7;

// Keras's test_correctness inputs (flat): t = [1, 2, 1, 2], p = [4, 1, 6, 1]. TP = Σtp = 14,
// FP = Σ(1 - t)p = -1 - 1 = -2, FN = Σt(1 - p) = -3 - 5 = -8 (values outside [0, 1], as given).
const smallTrue = { data: [1, 2, 1, 2], dims: [2, 2] };
const smallPred = { data: [4, 1, 6, 1], dims: [2, 2] };

// Keras's binary segmentation inputs: TP = 2, FP = 8, FN = 6.
const segTrue = { data: [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1], dims: [4, 4] };
const segPred = { data: [0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1], dims: [4, 4] };

// Keras's axis (1, 2, 3) inputs: per sample TP, FP, FN = (1, 1, 1) and (0.4, 0.9, 1.6).
const axisTrue = { data: [1, 1, 0, 0, 1, 1, 0, 0], dims: [2, 2, 2, 1] };
const axisPred = { data: [0, 1, 0, 1, 0.4, 0, 0, 0.9], dims: [2, 2, 2, 1] };

// d l / d p_j = -(t_j D - TP dD_j) / D² with D = TP + α FP + β FN + ε and
// dD_j = t_j + α (1 - t_j) - β t_j.
const gradient = (t: number, tp: number, d: number, alpha: number, beta: number) => -(t * d - tp * (t + alpha * (1 - t) - beta * t)) / d ** 2;

new LossTester({ describe, it, beforeAll, afterAll }).run('tversky', tversky, {
  valid: [
    {
      // D = 14 + 0.5 (-2) + 0.5 (-8) + ε = 9 + ε: 1 - 14/9 = -0.5555556.
      name: 'Keras TverskyTest.test_correctness: -0.5555556',
      prediction: smallPred,
      target: smallTrue,
      expected: 1 - 14 / (9 + EPSILON),
      gradient: smallTrue.data.map((t) => gradient(t, 14, 9 + EPSILON, 0.5, 0.5)),
    },
    {
      // D = 14 + 0.2 (-2) + 0.8 (-8) + ε = 7.2 + ε: 1 - 14/7.2 = -0.9444444.
      name: 'Keras TverskyTest, alpha 0.2, beta 0.8: -0.9444444',
      options: { alpha: 0.2, beta: 0.8 },
      prediction: smallPred,
      target: smallTrue,
      expected: 1 - 14 / (7.2 + EPSILON),
      gradient: smallTrue.data.map((t) => gradient(t, 14, 7.2 + EPSILON, 0.2, 0.8)),
    },
    { name: 'Keras TverskyTest.test_binary_segmentation: 1 - 2/9 = 0.7777778', prediction: segPred, target: segTrue, expected: 1 - 2 / (9 + EPSILON) },
    {
      // α weighs FP: 1 - 2 / (2 + 0.2 * 8 + 0.8 * 6) = 1 - 2/8.4 = 0.7619048 (Keras 3.15.1,
      // which swapped alpha and beta, gave 1 - 2/9.6).
      name: 'Keras TverskyTest, binary segmentation, alpha 0.2, beta 0.8: 0.7619048',
      options: { alpha: 0.2, beta: 0.8 },
      prediction: segPred,
      target: segTrue,
      expected: 1 - 2 / (8.4 + EPSILON),
    },
    {
      name: 'Keras TverskyTest, axis (1, 2, 3), reduction None: [0.5, 0.7575758]',
      options: { axis: [1, 2, 3] },
      prediction: axisPred,
      target: axisTrue,
      reduction: 'none',
      expected: [1 - 1 / (2 + EPSILON), 1 - 0.4 / (0.4 + 1.25 + EPSILON)],
    },
    {
      // Sample 0: 1 - 1 / (1 + 0.2 + 0.8); sample 1: 1 - 0.4 / (0.4 + 0.18 + 1.28) = 0.7849462.
      name: 'Keras TverskyTest, axis (1, 2, 3), alpha 0.2, beta 0.8: [0.5, 0.7849462]',
      options: { alpha: 0.2, beta: 0.8, axis: [1, 2, 3] },
      prediction: axisPred,
      target: axisTrue,
      reduction: 'none',
      expected: [1 - 1 / (2 + EPSILON), 1 - 0.4 / (1.86 + EPSILON)],
      gradient: [
        ...[1, 1, 0, 0].map((t) => gradient(t, 1, 2 + EPSILON, 0.2, 0.8)),
        ...[1, 1, 0, 0].map((t) => gradient(t, 0.4, 1.86 + EPSILON, 0.2, 0.8)),
      ],
    },
  ],
  invalid: [
    {
      name: 'an axis the prediction does not have',
      options: { axis: [-3] },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-3\] \(tversky\.axis\), received \[2, 2\], which has no axis -3$/,
    },
    {
      name: 'an integer target',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Int32Array.of(0, 1, 1, 0), dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    { name: 'a negative alpha', options: { alpha: -0.1 }, error: InvalidOptionError, message: /^Invalid option tversky\.alpha: expected a finite number >= 0, received -0\.1/ },
    { name: 'a beta that is not a number', options: { beta: '0.5' }, error: InvalidOptionError, message: /tversky\.beta/ },
    { name: 'an empty axis list', options: { axis: [] }, error: InvalidOptionError, message: /tversky\.axis/ },
    { name: 'an unknown option', options: { gamma: 1 }, error: InvalidOptionError, message: /tversky\.gamma/ },
  ],
  // One loss per row of [3, 4]; soft predictions, 0/1 targets, false negatives weighed more.
  random: { options: { alpha: 0.3, beta: 0.7, axis: [1] }, dims: [[3, 4]], prediction: { min: 0, max: 1 }, target: { binary: true } },
});
