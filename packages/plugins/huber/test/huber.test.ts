// huber() through LossTester on every provider: PyTorch's F.huber_loss values and gradients in
// float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py), a hand-computed
// case, every bad option and input, and random checks against the float64 reference and finite
// differences on both sides of delta.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { huber } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('huber', huber, {
  valid: [
    {
      // Errors 0.5 (inside delta 1: 0.5² / 2 = 0.125) and -3 (beyond: 1 · (3 - 1/2) = 2.5);
      // mean (0.125 + 2.5) / 2 = 1.3125, gradient clip(x, -1, 1) / 2 = [0.25, -0.5].
      name: 'hand computed: one error inside delta, one beyond',
      prediction: { data: [0.5, -1], dims: [2] },
      target: { data: [0, 2], dims: [2] },
      expected: 1.3125,
      gradient: [0.25, -0.5],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a target whose dims differ from the prediction at axis 1',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0, 0, 0], dims: [2, 4] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 3\] \(the prediction's dims\), received \[2, 4\]\. .* differ at axis 1/,
    },
    {
      name: 'a Float64Array prediction',
      prediction: { data: Float64Array.of(0, 1), dims: [2] },
      target: { data: [0, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data: expected a Float32Array, received Float64Array/,
    },
    {
      name: 'an integer target',
      prediction: { data: [0, 1], dims: [2] },
      target: { data: Int32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array.*"target" takes float values/,
    },
    {
      name: 'a NaN in the prediction',
      prediction: { data: [0, Number.NaN], dims: [2] },
      target: { data: [0, 1], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[1\]: expected a finite number, received NaN/,
    },
    { name: 'delta 0', options: { delta: 0 }, error: InvalidOptionError, message: /^Invalid option huber\.delta: expected a finite number > 0, received 0/ },
    { name: 'a negative delta', options: { delta: -1 }, error: InvalidOptionError, message: /huber\.delta/ },
    { name: 'an unknown option', options: { beta: 1 }, error: InvalidOptionError, message: /huber\.beta/ },
  ],
  // Errors in (-2, 2) with delta 0.5: both branches, and finite differences away from the
  // kink-free but curvature-changing points |x| = delta.
  random: { options: { delta: 0.5 }, dims: [[2, 3, 4]] },
});
