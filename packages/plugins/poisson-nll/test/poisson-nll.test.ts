// poissonNll() through LossTester on every provider: PyTorch's F.poisson_nll_loss values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py) for
// log-rates and rates, with and without Stirling's term, a hand-computed case, every bad option
// and input (negative targets and rates included), and random checks against the float64
// reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { poissonNll } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('poisson-nll', poissonNll, {
  valid: [
    {
      // Log-rate 0 (λ = 1) against counts 0 and 2: exp(0) - 0 = 1 and exp(0) - 2 · 0 = 1; mean 1.
      // Gradient (exp(0) - t) / 2 = [0.5, -0.5].
      name: 'hand computed: log-rate 0 against counts 0 and 2',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [0, 2], dims: [2] },
      expected: 1,
      gradient: [0.5, -0.5],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a negative target',
      prediction: { data: [0, 0, 0], dims: [3] },
      target: { data: [1, -2, 0], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a count or rate >= 0 \(the Poisson target\), received -2$/,
    },
    {
      name: 'a negative rate with logInput false',
      options: { logInput: false },
      prediction: { data: [1, 0, -0.5], dims: [3] },
      target: { data: [1, 2, 0], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[2\]: expected a rate >= 0 \(pass logInput: true for log-rates\), received -0\.5$/,
    },
    {
      name: 'a target whose dims differ from the prediction at axis 1',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 0], dims: [2, 1] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 1\]\. .* differ at axis 1/,
    },
    {
      name: 'integer counts as an Int32Array',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: Int32Array.of(1, 2), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array.*"target" takes float values/,
    },
    { name: 'epsilon 0', options: { epsilon: 0 }, error: InvalidOptionError, message: /^Invalid option poisson-nll\.epsilon: expected a finite number > 0, received 0/ },
    { name: 'logInput given as a string', options: { logInput: 'false' }, error: InvalidOptionError, message: /^Invalid option poisson-nll\.logInput: expected a boolean/ },
    { name: 'full given as a number', options: { full: 1 }, error: InvalidOptionError, message: /poisson-nll\.full/ },
    { name: "PyTorch's argument name", options: { log_input: false }, error: InvalidOptionError, message: /poisson-nll\.log_input/ },
  ],
  random: [
    { name: 'log-rates', dims: [[3, 4]], prediction: { min: -2, max: 2 }, target: { min: 0, max: 4 } },
    { name: 'rates, full', options: { logInput: false, full: true }, dims: [[2, 5]], prediction: { min: 0.1, max: 3 }, target: { min: 0, max: 5 } },
  ],
});
