// klDiv() through LossTester on every provider: PyTorch's F.kl_div values and gradients in
// float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py), hand-computed
// cases, every bad input and option, and random checks against the float64 reference and finite
// differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { klDiv } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const HALF = Math.log(0.5);

new LossTester({ describe, it, beforeAll, afterAll }).run('kl-div', klDiv, {
  valid: [
    {
      // t = [1, 0] against x = log [0.5, 0.5]: l = [1 (log 1 - log 0.5), 0] = [log 2, 0]; the
      // sum is KL([1, 0] || [0.5, 0.5]) = log 2; d sum / d x = -t = [-1, 0].
      name: 'hand computed: KL([1, 0] || [0.5, 0.5]) = log 2, 0 log 0 = 0',
      prediction: { data: [HALF, HALF], dims: [1, 2] },
      target: { data: [1, 0], dims: [1, 2] },
      reduction: 'sum',
      expected: Math.log(2),
      gradient: [-1, 0],
    },
    {
      // logTarget: t = log [0.25, 0.75], x = log [0.5, 0.5]: l_c = e^t_c (t_c - x_c) =
      // [0.25 log 0.5, 0.75 log 1.5]; mean over 2 elements; gradient -e^t / 2 = [-0.125, -0.375].
      name: 'hand computed: logTarget, mean over elements',
      options: { logTarget: true },
      prediction: { data: [HALF, HALF], dims: [1, 2] },
      target: { data: [Math.log(0.25), Math.log(0.75)], dims: [1, 2] },
      expected: (0.25 * Math.log(0.5) + 0.75 * Math.log(1.5)) / 2,
      gradient: [-0.125, -0.375],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a negative probability names the element',
      prediction: { data: [HALF, HALF, HALF, HALF], dims: [2, 2] },
      target: { data: [0.5, 0.5, 1.25, -0.25], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[3\]: expected a probability >= 0 \(pass logTarget: true for log-probabilities\), received -0\.25$/,
    },
    {
      name: 'a target of the wrong width names the axis',
      prediction: { data: [HALF, HALF, HALF, HALF], dims: [2, 2] },
      target: { data: [0.5, 0.5, 0, 0.5, 0.5, 0], dims: [2, 3] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 3\]\. .* differ at axis 1/,
    },
    {
      name: 'integer targets',
      prediction: { data: [HALF, HALF], dims: [1, 2] },
      target: { data: Int32Array.of(1, 0), dims: [1, 2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'log-probabilities as a Float64Array',
      prediction: { data: Float64Array.of(HALF, HALF), dims: [1, 2] },
      target: { data: [1, 0], dims: [1, 2] },
      error: InvalidInputError,
      message: /Invalid prediction\.data: expected a Float32Array, received Float64Array/,
    },
    {
      name: 'an infinite log-probability',
      prediction: { data: [0, -Infinity], dims: [1, 2] },
      target: { data: [1, 0], dims: [1, 2] },
      error: InvalidInputError,
      message: /Invalid prediction\.data\[1\]: expected a finite number, received -Infinity/,
    },
    { name: 'logTarget not a boolean', options: { logTarget: 'yes' }, error: InvalidOptionError, message: /kl-div\.logTarget: expected a boolean/ },
    { name: 'an unknown option', options: { log_target: true }, error: InvalidOptionError, message: /kl-div\.log_target/ },
  ],
  random: [
    {
      name: 'probabilities, some 0',
      dims: [[4, 5], [2, 3, 2]],
      prediction: { min: -4, max: 0 },
      target: (random, dims) => Array.from({ length: dims.reduce((n, d) => n * d, 1) }, () => (random() < 0.2 ? 0 : random())),
    },
    { name: 'logTarget', options: { logTarget: true }, dims: [[3, 4]], prediction: { min: -4, max: 0 }, target: { min: -4, max: 0 } },
  ],
});
