// smoothL1() through LossTester on every provider: PyTorch's F.smooth_l1_loss values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py), beta 0
// (L1) included, a hand-computed case, every bad option and input, and random checks against the
// float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { smoothL1 } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('smooth-l1', smoothL1, {
  valid: [
    {
      // beta 2: error 1 is inside (1² / (2 · 2) = 0.25), error -4 beyond (4 - 2 / 2 = 3);
      // sum 3.25, gradient clip(x / 2, -1, 1) = [0.5, -1].
      name: 'hand computed: beta 2, one error inside, one beyond, sum',
      options: { beta: 2 },
      reduction: 'sum',
      prediction: { data: [1, -1], dims: [2] },
      target: { data: [0, 3], dims: [2] },
      expected: 3.25,
      gradient: [0.5, -1],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a target whose dims differ from the prediction at axis 0',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0], dims: [1, 3] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 3\] \(the prediction's dims\), received \[1, 3\]\. .* differ at axis 0/,
    },
    {
      name: 'an integer prediction',
      prediction: { data: Int32Array.of(0, 1), dims: [2] },
      target: { data: [0, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'an infinite target',
      prediction: { data: [0, 1], dims: [2] },
      target: { data: [Number.POSITIVE_INFINITY, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a finite number, received Infinity/,
    },
    { name: 'a negative beta', options: { beta: -0.5 }, error: InvalidOptionError, message: /^Invalid option smooth-l1\.beta: expected a finite number >= 0, received -0\.5/ },
    { name: 'beta given as a string', options: { beta: '1' }, error: InvalidOptionError, message: /smooth-l1\.beta/ },
    { name: 'an unknown option', options: { delta: 1 }, error: InvalidOptionError, message: /smooth-l1\.delta/ },
  ],
  // Errors in (-2, 2) with beta 0.5: both branches, and finite differences away from |x| = beta.
  random: { options: { beta: 0.5 }, dims: [[3, 4, 2]] },
});
