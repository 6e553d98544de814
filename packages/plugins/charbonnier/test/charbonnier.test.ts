// charbonnier() through LossTester on every provider: PyTorch autograd of √(d² + ε²) in float64
// (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py, which also checks kornia's
// form against ε = 1), a hand-computed case, bad options and inputs, and random checks against
// the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { charbonnier } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('charbonnier', charbonnier, {
  valid: [
    {
      // ε = 0.75: errors 1 and 0 give √(1 + 0.5625) = 1.25 and 0.75; mean 1; gradient
      // (1 / 1.25, 0 / 0.75) / 2 = [0.4, 0].
      name: 'hand computed: epsilon 0.75, errors 1 and 0',
      options: { epsilon: 0.75 },
      prediction: { data: [1, 2], dims: [2] },
      target: { data: [0, 2], dims: [2] },
      expected: 1,
      gradient: [0.4, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a target whose dims differ from the prediction at axis 1',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 0, 0, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2, 3\] \(the prediction's dims\), received \[2, 2\]\. .* differ at axis 1/,
    },
    {
      name: 'an Infinity in the target',
      prediction: { data: [0, 1], dims: [2] },
      target: { data: [0, Number.POSITIVE_INFINITY], dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a finite number, received Infinity/,
    },
    { name: 'epsilon 0', options: { epsilon: 0 }, error: InvalidOptionError, message: /^Invalid option charbonnier\.epsilon: expected a finite number >= 1e-18, received 0/ },
    { name: 'epsilon 1e-20, whose square is no normal float32', options: { epsilon: 1e-20 }, error: InvalidOptionError, message: /charbonnier\.epsilon: expected a finite number >= 1e-18/ },
    { name: 'epsilon given as a string', options: { epsilon: '1e-3' }, error: InvalidOptionError, message: /charbonnier\.epsilon/ },
    { name: 'an unknown option (eps)', options: { eps: 1e-3 }, error: InvalidOptionError, message: /charbonnier\.eps\b/ },
  ],
  // Errors in (-2, 2) with ε = 0.1: finite differences see both the parabola and the |d| part.
  random: { options: { epsilon: 0.1 }, dims: [[2, 3, 4]], gradientSamples: 24 },
});
