// mse() through LossTester: hand-computed and Keras-documented values, bad options, and the
// random checks (graph vs float64 reference, gradients vs finite differences) on every provider.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { mse } from '../src/index';

// (1 - 1.5)^2 = 0.25, (2 - 2)^2 = 0, (3 - 1)^2 = 4.
const prediction = { data: [1, 2, 3], dims: [3] };
const target = { data: [1.5, 2, 1], dims: [3] };

new LossTester({ describe, it, beforeAll, afterAll }).run('mse', mse, {
  valid: [
    {
      name: 'hand computed none: [0.25, 0, 4]',
      prediction,
      target,
      reduction: 'none',
      expected: [0.25, 0, 4],
      // d/dp (p - t)^2 = 2 (p - t)
      gradient: [-1, 0, 4],
    },
    {
      name: 'hand computed mean: (0.25 + 0 + 4) / 3',
      prediction,
      target,
      expected: 4.25 / 3,
      // 2 (p - t) / 3
      gradient: [-1 / 3, 0, 4 / 3],
    },
    { name: 'hand computed sum: 0.25 + 0 + 4', prediction, target, reduction: 'sum', expected: 4.25 },
    {
      name: 'hand computed weighted_mean with weights [1, 0, 2]: (0.25 + 8) / 3',
      prediction,
      target,
      weights: { data: [1, 0, 2], dims: [3] },
      reduction: 'weighted_mean',
      expected: 8.25 / 3,
    },
    {
      name: 'hand computed sum_by_nonzero_weights with weights [1, 0, 2]: (0.25 + 8) / 2',
      prediction,
      target,
      weights: { data: [1, 0, 2], dims: [3] },
      reduction: 'sum_by_nonzero_weights',
      expected: 4.125,
    },
    {
      // Keras docs, tf.keras.losses.MeanSquaredError: y_true [[0, 1], [0, 0]], y_pred [[1, 1], [1, 0]] -> 0.5.
      name: 'Keras MeanSquaredError documented example: 0.5',
      prediction: { data: [1, 1, 1, 0], dims: [2, 2] },
      target: { data: [0, 1, 0, 0], dims: [2, 2] },
      expected: 0.5,
    },
    {
      // Same example with sample_weight [0.7, 0.3] -> 0.25 (Keras divides by the batch size, as
      // PyTorch-style mean does here: (0.7 * 1 + 0.3 * 1) / 4).
      name: 'Keras MeanSquaredError documented example with sample weights [0.7, 0.3]: 0.25',
      prediction: { data: [1, 1, 1, 0], dims: [2, 2] },
      target: { data: [0, 1, 0, 0], dims: [2, 2] },
      weights: { data: [0.7, 0.3], dims: [2, 1] },
      expected: 0.25,
    },
  ],
  invalid: [
    {
      name: 'mse takes no options',
      options: { reduction: 'mean' },
      error: InvalidOptionError,
      message: /Invalid option mse\.reduction: expected a known option \(no options\), received unknown option "reduction"/,
    },
    {
      name: 'target dims differ from the prediction',
      prediction: { data: [1, 2, 3, 4], dims: [2, 2] },
      target: { data: [1, 2, 3, 4], dims: [4] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[4\]/,
    },
  ],
  random: { dims: [[2, 3, 4, 5], [7]], seed: 1 },
});
