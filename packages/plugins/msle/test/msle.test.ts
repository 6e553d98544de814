// msle() through LossTester on every provider: the inputs of Keras's own tests of
// keras.losses.MeanSquaredLogarithmicError (keras/src/losses/losses_test.py,
// MeanSquaredLogarithmicErrorTest), negative values clipped at Keras's epsilon, bad inputs, and
// random checks against the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { msle } from '../src/index';

// Keras's test inputs. The negative targets -5 and -2 are clipped to 1e-7, so their log is ~1e-7.
// With L(x) = log(max(x, 1e-7) + 1), per-element (L(p) - L(t))^2 in float64:
// [0.83958871, 0.01110084, 2.15014440, 4.82779540, 0.48045288, 0.31316983]; per sample
// [1.00027798, 1.87380604]; mean 1.43704201 (Keras asserts 1.4370).
const kerasTrue = { data: [1, 9, 2, -5, -2, 6], dims: [2, 3] };
const kerasPred = { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] };

new LossTester({ describe, it, beforeAll, afterAll }).run('msle', msle, {
  valid: [
    {
      // d/dp of the mean: 2 (L(p) - L(t)) / ((p + 1) * 3) / 2.
      name: 'Keras MeanSquaredLogarithmicErrorTest, unweighted: 1.4370',
      prediction: kerasPred,
      target: kerasTrue,
      expected: 1.437042008682778,
      gradient: [0.06108604879161033, -0.0039022413206602348, 0.037598386379318637, 0.0813786843457861, 0.11552451342665837, -0.046634648994618555],
    },
    { name: 'Keras test inputs, reduction None', prediction: kerasPred, target: kerasTrue, reduction: 'none', expected: [1.0002779809652858, 1.8738060364002704] },
    {
      // (1.2 * 1.00027798 + 3.4 * 1.87380604) / 2 = 3.78563705 (Keras asserts 3.7856).
      name: 'Keras test, sample_weight [1.2, 3.4]: 3.7856',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1.2, 3.4], dims: [2] },
      expected: 3.785637050459631,
    },
    {
      // Dims [2, 3, 1]: the last axis has one element, so each element is its own sample, and
      // weights [2, 3] weigh each: Σ w e / 6 with w = [3, 6, 5, 0, 4, 2] (Keras asserts 2.647374).
      name: 'Keras test, timestep weighted [2, 3, 1]: 2.647374',
      prediction: { data: [4, 8, 12, 8, 1, 3], dims: [2, 3, 1] },
      target: { data: [1, 9, 2, -5, -2, 6], dims: [2, 3, 1] },
      weights: { data: [3, 6, 5, 0, 4, 2], dims: [2, 3] },
      expected: 2.647374,
    },
    {
      // p = 3, t = 1: (log 4 - log 2)^2 = (log 2)^2 = 0.48045; p = -1 and t = 0 both clip to 1e-7:
      // 0. Mean (log 2)^2 / 2 = 0.24023. Gradient 2 log 2 / (4 * 2) = 0.17329; 0 below epsilon.
      name: 'hand computed: a negative prediction is clipped at epsilon, with gradient 0',
      prediction: { data: [3, -1], dims: [1, 2] },
      target: { data: [1, 0], dims: [1, 2] },
      expected: Math.LN2 ** 2 / 2,
      gradient: [Math.LN2 / 4, 0],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no last axis to average',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(msle averages over the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'a target of other dims',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 3\]/,
    },
    {
      name: 'a target given as a Float64Array',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Float64Array.of(0, 0, 0, 0), dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Float64Array/,
    },
    { name: 'an option msle does not take', options: { epsilon: 1e-3 }, error: InvalidOptionError, message: /msle\.epsilon/ },
  ],
  // Some predictions below 0 (clipped, gradient 0), targets positive.
  random: { dims: [[3, 4]], prediction: { min: -0.5, max: 3 }, target: { min: 0, max: 3 } },
});
