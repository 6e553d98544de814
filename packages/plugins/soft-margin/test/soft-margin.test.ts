// softMargin() through LossTester on every provider: PyTorch's F.soft_margin_loss values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py),
// hand-computed cases, every bad input and option, and random checks against the float64
// reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { softMargin } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('soft-margin', softMargin, {
  valid: [
    {
      // y x = [0, 2, -1]: l = [log 2, log(1 + e^-2), log(1 + e)]; d l / d x = -y / (1 + e^(y x)).
      name: 'hand computed: log(1 + exp(-y x)), none',
      prediction: { data: [0, 2, 1], dims: [3] },
      target: { data: [1, 1, -1], dims: [3] },
      reduction: 'none',
      expected: [Math.log(2), Math.log1p(Math.exp(-2)), Math.log1p(Math.E)],
      gradient: [-0.5, -1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-1))],
    },
    {
      // A margin of -200 against its label: log(1 + e^200) = 200 (float32 exp(200) would be
      // infinite); gradient -y = 1 halved by the mean. Margin 200 with its label: ~0, gradient ~0.
      name: 'hand computed: margins of ±200 stay finite, mean',
      prediction: { data: [200, 200], dims: [2] },
      target: { data: [-1, 1], dims: [2] },
      expected: 100,
      gradient: [0.5, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a 0/1 label where -1 or 1 is expected names the element',
      prediction: { data: [0, 0, 0], dims: [3] },
      target: { data: [1, 0, -1], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a label -1 or 1, received 0$/,
    },
    {
      name: 'a soft label names the element',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [0.5, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a label -1 or 1, received 0\.5$/,
    },
    {
      name: 'targets of another rank',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [1, 1, 1, 1], dims: [4] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[4\]\. .* differ in rank/,
    },
    {
      name: 'integer labels',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: Int32Array.of(1, -1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    { name: 'any option (soft-margin takes none)', options: { margin: 1 }, error: InvalidOptionError, message: /soft-margin\.margin/ },
  ],
  random: [{ dims: [[4, 5], [2, 3, 2]], prediction: { min: -4, max: 4 }, target: { binary: true, min: -1, max: 1 } }],
});
