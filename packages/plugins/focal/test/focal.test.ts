// focal() through LossTester on every provider: torchvision's sigmoid_focal_loss values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py),
// hand-computed cases, every bad input and option, and random checks against the float64
// reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { focal } from '../src/index';

const torchvision = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const LOG2 = Math.log(2);

new LossTester({ describe, it, beforeAll, afterAll }).run('focal', focal, {
  valid: [
    {
      // x = 0: p = 0.5, ce = log 2, 1 - p_t = 0.5 for either label. y = 1: alpha_t = 0.25, so
      // l = 0.25 * 0.25 * log 2 = log 2 / 16; y = 0: alpha_t = 0.75, l = 3 log 2 / 16. Mean: log 2 / 8.
      // d l / d x = alpha_t m^2 ((p - y) + 2 ce p q (1 - 2y) / m) = -/+ alpha_t 0.25 (0.5 + log 2), halved by the mean.
      name: 'hand computed: logits 0, labels 1 and 0, alpha 0.25, gamma 2',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      expected: LOG2 / 8,
      gradient: [(-0.0625 * (0.5 + LOG2)) / 2, (0.1875 * (0.5 + LOG2)) / 2],
    },
    {
      // gamma 0 and no alpha weighting: BCE with logits, log(1 + e^-x) for y = 1: log(1 + e^-2), log 2.
      name: 'hand computed: gamma 0, alpha -1 is BCE with logits',
      options: { alpha: -1, gamma: 0 },
      prediction: { data: [2, 0], dims: [2] },
      target: { data: [1, 1], dims: [2] },
      reduction: 'none',
      expected: [Math.log1p(Math.exp(-2)), LOG2],
      gradient: [-1 / (1 + Math.exp(2)), -0.5],
    },
    ...torchvision.cases,
  ],
  invalid: [
    {
      name: 'a target above 1 names the element',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 1, 1.5, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[2\]: expected a target in \[0, 1\], received 1\.5$/,
    },
    {
      name: 'a negative target (a -1 label) names the element',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [-1, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a target in \[0, 1\], received -1$/,
    },
    {
      name: 'a target of the wrong width names the axis',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 1, 0, 1, 0, 1], dims: [2, 3] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 3\]\. .* differ at axis 1/,
    },
    {
      name: 'integer labels',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: Int32Array.of(1, 0), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'a NaN logit',
      prediction: { data: [0, Number.NaN], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      error: InvalidInputError,
      message: /Invalid prediction\.data\[1\]: expected a finite number, received NaN/,
    },
    { name: 'alpha above 1', options: { alpha: 1.5 }, error: InvalidOptionError, message: /focal\.alpha: expected a number in \[0, 1\], or -1 \(no weighting\), received 1\.5/ },
    { name: 'a negative alpha other than -1', options: { alpha: -0.5 }, error: InvalidOptionError, message: /focal\.alpha/ },
    { name: 'a negative gamma', options: { gamma: -1 }, error: InvalidOptionError, message: /focal\.gamma: expected a finite number >= 0/ },
    { name: 'an unknown option', options: { beta: 1 }, error: InvalidOptionError, message: /focal\.beta/ },
  ],
  random: [
    { name: 'binary labels', dims: [[4, 5]], prediction: { min: -4, max: 4 }, target: { binary: true } },
    { name: 'soft targets, gamma 1.5, alpha -1', options: { alpha: -1, gamma: 1.5 }, dims: [[2, 3, 2]], prediction: { min: -4, max: 4 }, target: { min: 0, max: 1 } },
  ],
});
