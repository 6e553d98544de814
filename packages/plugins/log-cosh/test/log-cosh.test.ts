// logCosh() through LossTester on every provider: Keras's documented example and the values of
// its LogCoshTest (keras/src/losses/losses_test.py), large errors that overflow cosh in float32,
// bad inputs, and random checks against the float64 reference and finite differences.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { logCosh } from '../src/index';

// Keras's LogCoshTest inputs; errors p - t = [[3, -1, 10], [13, 3, -3]]. In float64:
// log cosh 3 = 2.3093285045778, log cosh 1 = 0.43378083048303, log cosh 10 = 9.3068528215012,
// log cosh 13 = 12.306852819445; per sample [4.0166540521873, 5.6418366095336], mean
// 4.8292453308605 (Keras: Σ log((e^x + e^-x) / 2) / 6). Gradient of the mean: tanh(x) / 3 / 2.
const kerasTrue = { data: [1, 9, 2, -5, -2, 6], dims: [2, 3] };
const kerasPred = { data: [4, 8, 12, 8, 1, 3], dims: [2, 3] };
const tanh3 = Math.tanh(3);

new LossTester({ describe, it, beforeAll, afterAll }).run('log-cosh', logCosh, {
  valid: [
    {
      // log cosh 1 / 4 = 0.43378 / 4 = 0.10845 (Keras's docstring: 0.108); gradient tanh(1) / 4 at the one error.
      name: 'Keras documentation example: 0.108',
      prediction: { data: [1, 1, 0, 0], dims: [2, 2] },
      target: { data: [0, 1, 0, 0], dims: [2, 2] },
      expected: 0.10844520762075678,
      gradient: [Math.tanh(1) / 4, 0, 0, 0],
    },
    {
      name: 'Keras LogCoshTest, sum_over_batch_size: 4.82925',
      prediction: kerasPred,
      target: kerasTrue,
      expected: 4.829245330860459,
      gradient: [tanh3, Math.tanh(-1), Math.tanh(10), Math.tanh(13), tanh3, -tanh3].map((d) => d / 6),
    },
    { name: 'Keras LogCoshTest inputs, reduction None', prediction: kerasPred, target: kerasTrue, reduction: 'none', expected: [4.016654052187341, 5.641836609533578] },
    {
      // Keras's sample-weighted test: Σ w l_i over the 6 elements / 6 with w = 1.2 for sample 0,
      // 3.4 for sample 1, i.e. (1.2 * 3 * 4.01665 + 3.4 * 3 * 5.64184) / 6.
      name: 'Keras LogCoshTest, sample_weight [1.2, 3.4]',
      prediction: kerasPred,
      target: kerasTrue,
      weights: { data: [1.2, 3.4], dims: [2] },
      expected: (1.2 * 4.016654052187341 + 3.4 * 5.641836609533578) / 2,
    },
    {
      // log cosh x = |x| - log 2 + log1p(e^(-2|x|)); for |x| = 100 and 50 the last term is below
      // 1e-43: 100 - 0.69314718 and 50 - 0.69314718. cosh(100) overflows float32. Gradient tanh = ±1.
      name: 'hand computed: errors of -100 and 50 stay finite (cosh would overflow)',
      prediction: { data: [-100, 50], dims: [1, 2] },
      target: { data: [0, 0], dims: [1, 2] },
      reduction: 'none',
      expected: [(99.30685281944005 + 49.30685281944005) / 2],
      gradient: [-0.5, 0.5],
    },
  ],
  invalid: [
    {
      name: 'a scalar prediction has no last axis to average',
      prediction: { data: [0.5], dims: [] },
      target: { data: [1], dims: [] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims with the axes \[-1\] \(log-cosh averages over the last axis\), received \[\], which has no axis -1$/,
    },
    {
      name: 'a target of other dims',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [4] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[4\]/,
    },
    {
      name: 'a non-finite prediction',
      prediction: { data: Float32Array.of(0, Number.NaN, 0, 0), dims: [2, 2] },
      target: { data: [0, 0, 0, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[1\]: expected a finite number, received NaN/,
    },
    { name: 'an option log-cosh does not take', options: { delta: 1 }, error: InvalidOptionError, message: /log-cosh\.delta/ },
  ],
  random: { dims: [[3, 4]], prediction: { min: -3, max: 3 } },
});
