// tripletMargin() through LossTester on every provider: PyTorch's F.triplet_margin_loss values
// and gradients of the anchor, the positive and the negative in float64
// (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py) for p 1, 1.5, 2 and 3, swap,
// eps 0 with a zero distance and one unbatched triplet, a hand-computed case, every bad option and
// input, and random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { tripletMargin } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const PAIR = { data: [0, 0, 0, 0], dims: [2, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('triplet-margin', tripletMargin, {
  valid: [
    {
      // Margin 5, eps 0. Triplet 1: d(a, p) = |[0, -1]| = 1, d(a, n) = |[-3, -4]| = 5: 5 + 1 - 5 = 1.
      // Triplet 2: d(a, p) = 1, d(a, n) = 10: max(0, 5 + 1 - 10) = 0. Mean 0.5. For triplet 1,
      // d/da = (a - p)/1 - (a - n)/5 = [0.6, -0.2], d/dp = -(a - p) = [0, 1], d/dn = (a - n)/5 =
      // [-0.6, -0.8], each halved by the mean; triplet 2 has none.
      name: 'hand computed: one triplet inside the margin, one beyond',
      options: { margin: 5, eps: 0 },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      inputs: { positive: { data: [0, 1, 1, 0], dims: [2, 2] }, negative: { data: [3, 4, 0, 10], dims: [2, 2] } },
      expected: 0.5,
      gradient: [0.3, -0.1, 0, 0],
      gradients: { positive: [0, 0.5, 0, 0], negative: [-0.3, -0.4, 0, 0] },
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a scalar anchor (no axis to measure along)',
      prediction: { data: [0], dims: [] },
      inputs: { positive: { data: [0], dims: [] }, negative: { data: [0], dims: [] } },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[\.\.\., D\]: embeddings along the last axis, e\.g\. \[N, D\], received \[\] \(a scalar\)$/,
    },
    {
      name: 'a positive whose dims differ at axis 1',
      prediction: PAIR,
      inputs: { positive: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] }, negative: PAIR },
      error: InvalidInputError,
      message: /^Invalid positive\.dims: expected \[2, 2\] .*received \[2, 3\]\. .* differ at axis 1/,
    },
    {
      name: 'no negative',
      prediction: PAIR,
      inputs: { positive: PAIR, negative: undefined as never },
      error: InvalidInputError,
      message: /^Invalid negative: expected an object \{ data: Float32Array, dims: number\[\] \}/,
    },
    {
      name: 'a target, which triplet margin does not take',
      prediction: PAIR,
      target: PAIR,
      inputs: { positive: PAIR, negative: PAIR },
      error: InvalidInputError,
      message: /^Invalid inputs: expected only the inputs triplet-margin takes: prediction, positive, negative, weights, received an input "target"/,
    },
    {
      name: 'an integer negative',
      prediction: PAIR,
      inputs: { positive: PAIR, negative: { data: Int32Array.of(0, 0, 0, 0), dims: [2, 2] } },
      error: InvalidInputError,
      message: /^Invalid negative\.data: expected a Float32Array, received Int32Array/,
    },
    { name: 'margin 0', options: { margin: 0 }, error: InvalidOptionError, message: /^Invalid option triplet-margin\.margin: expected a finite number > 0, received 0/ },
    { name: 'p below 1', options: { p: 0.5 }, error: InvalidOptionError, message: /^Invalid option triplet-margin\.p: expected a finite number >= 1, received 0\.5/ },
    { name: 'a negative eps', options: { eps: -1e-6 }, error: InvalidOptionError, message: /triplet-margin\.eps/ },
    { name: 'swap given as a string', options: { swap: 'true' }, error: InvalidOptionError, message: /triplet-margin\.swap/ },
    { name: 'an unknown option', options: { distance: 'cosine' }, error: InvalidOptionError, message: /triplet-margin\.distance/ },
  ],
  random: [
    { name: 'p 2', dims: [[4, 3]] },
    { name: 'p 3, swap', options: { p: 3, swap: true, margin: 0.5 }, dims: [[3, 4]] },
  ],
});
