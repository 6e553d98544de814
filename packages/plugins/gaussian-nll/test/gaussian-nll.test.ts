// gaussianNll() through LossTester on every provider: PyTorch's F.gaussian_nll_loss values and
// gradients of the prediction and the variance in float64 (test/fixtures/pytorch.json, written by
// make-pytorch-fixtures.py), variances per element and per row, variances clamped at epsilon
// with PyTorch's gradient through the clamp, a hand-computed case, every bad option and input, and
// random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { gaussianNll } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const LOG2 = Math.log(2);

new LossTester({ describe, it, beforeAll, afterAll }).run('gaussian-nll', gaussianNll, {
  valid: [
    {
      // Errors 1 and 2, variances 1 and 2: (log 1 + 1/1) / 2 = 0.5 and (log 2 + 4/2) / 2 = 1 + log(2) / 2;
      // sum 1.5 + log(2) / 2. d/dprediction = d / v = [1, 1]; d/dvariance = (v - d²) / (2 v²) = [0, -1/4].
      name: 'hand computed: errors 1 and 2 with variances 1 and 2, sum',
      reduction: 'sum',
      prediction: { data: [1, 2], dims: [2] },
      target: { data: [0, 0], dims: [2] },
      inputs: { variance: { data: [1, 2], dims: [2] } },
      expected: 1.5 + LOG2 / 2,
      gradient: [1, 1],
      gradients: { variance: [0, -0.25] },
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a negative variance',
      prediction: { data: [0, 0, 0], dims: [3] },
      target: { data: [0, 0, 0], dims: [3] },
      inputs: { variance: { data: [1, 0, -0.5], dims: [3] } },
      error: InvalidInputError,
      message: /^Invalid variance\.data\[2\]: expected a variance >= 0, received -0\.5$/,
    },
    {
      name: 'a variance whose last axis is neither the prediction\'s nor 1',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      inputs: { variance: { data: [1, 1, 1, 1], dims: [2, 2] } },
      error: InvalidInputError,
      message: /^Invalid variance\.dims: expected \[2, 3\] or \[2, 1\] .*received \[2, 2\]\. Axis 1 has size 2/,
    },
    {
      name: 'a variance whose first axis differs from the prediction\'s',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      inputs: { variance: { data: [1, 1, 1], dims: [1, 3] } },
      error: InvalidInputError,
      message: /^Invalid variance\.dims: expected \[2, any\] .*received \[1, 3\]\. .* differ at axis 0/,
    },
    {
      name: 'a variance of one fewer axis (reshape it to [..., 1])',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      inputs: { variance: { data: [1, 1], dims: [2] } },
      error: InvalidInputError,
      message: /^Invalid variance\.dims: expected \[2, any\] .*received \[2\]\. .* differ in rank/,
    },
    {
      name: 'a target whose dims differ from the prediction at axis 0',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [0, 0, 0], dims: [3] },
      inputs: { variance: { data: [1, 1], dims: [2] } },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2\] \(the prediction's dims\), received \[3\]\. .* differ at axis 0/,
    },
    {
      name: 'a Float64Array variance',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [0, 0], dims: [2] },
      inputs: { variance: { data: Float64Array.of(1, 1), dims: [2] } },
      error: InvalidInputError,
      message: /^Invalid variance\.data: expected a Float32Array, received Float64Array/,
    },
    {
      name: 'no variance',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [0, 0], dims: [2] },
      inputs: { variance: undefined as never },
      error: InvalidInputError,
      message: /^Invalid variance: expected an object \{ data: Float32Array, dims: number\[\] \}/,
    },
    { name: 'epsilon 0', options: { epsilon: 0 }, error: InvalidOptionError, message: /^Invalid option gaussian-nll\.epsilon: expected a finite number > 0, received 0/ },
    { name: 'full given as a string', options: { full: 'yes' }, error: InvalidOptionError, message: /gaussian-nll\.full/ },
    { name: "PyTorch's argument name", options: { eps: 1e-6 }, error: InvalidOptionError, message: /gaussian-nll\.eps/ },
  ],
  random: [
    {
      name: 'a variance per element',
      dims: [[3, 4]],
      inputs: { variance: { min: 0.2, max: 2 } },
      inputDims: (dims) => ({ variance: dims }),
    },
    {
      name: 'a variance per row, full',
      options: { full: true },
      dims: [[2, 2, 3]],
      inputs: { variance: { min: 0.2, max: 2 } },
      inputDims: (dims) => ({ variance: [...dims.slice(0, -1), 1] }),
    },
  ],
});
