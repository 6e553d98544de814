// totalVariation() through LossTester on every provider: a loss with no target and no other
// input. PyTorch autograd of kornia's total_variation in float64 (test/fixtures/pytorch.json,
// written by make-pytorch-fixtures.py) for both norms and both image reductions, equal
// neighbours (gradient 0 at a zero difference) and a rank-2 image; a hand-computed case; bad
// options and inputs; random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { totalVariation } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('total-variation', totalVariation, {
  valid: [
    {
      // [[0, 1], [3, 5]]: vertical differences 3 and 4, horizontal 1 and 2: 10. Each pixel's
      // gradient is the signs of the differences it ends minus those it starts:
      // x00 = -1 - 1, x01 = -1 + 1, x10 = +1 - 1, x11 = +1 + 1.
      name: 'hand computed: one 2 × 2 image',
      prediction: { data: [0, 1, 3, 5], dims: [1, 1, 2, 2] },
      expected: 10,
      gradient: [-2, 0, 0, 2],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a prediction of rank 1 (no image)',
      prediction: { data: [0, 1, 2], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[\.\.\., H, W\] with H >= 2 and W >= 2: images, e\.g\. \[N, C, H, W\], received \[3\]/,
    },
    {
      name: 'images one pixel high',
      prediction: { data: [0, 1, 2, 3], dims: [2, 1, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[\.\.\., H, W\] .*received \[2, 1, 2\]/,
    },
    {
      name: 'a target, which total variation does not take',
      prediction: { data: [0, 1, 2, 3], dims: [2, 2] },
      target: { data: [0, 1, 2, 3], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid inputs: expected only the inputs total-variation takes: prediction, weights, received an input "target"/,
    },
    {
      name: 'weights that do not broadcast to the per-image loss [2, 3]',
      prediction: { data: new Array(2 * 3 * 2 * 2).fill(0), dims: [2, 3, 2, 2] },
      weights: { data: [1, 1, 1, 1], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid weights\.dims: expected dims that broadcast to the elementwise loss shape \[2, 3\], received \[2, 2\]/,
    },
    { name: 'norm "l3"', options: { norm: 'l3' }, error: InvalidOptionError, message: /^Invalid option total-variation\.norm: expected one of "l1", "l2", received "l3"/ },
    { name: 'imageReduction "none"', options: { imageReduction: 'none' }, error: InvalidOptionError, message: /total-variation\.imageReduction/ },
    { name: 'an unknown option (reduction)', options: { reduction: 'mean' }, error: InvalidOptionError, message: /total-variation\.reduction/ },
  ],
  // Uniform values: the differences are almost never within a finite-difference step of 0.
  random: { options: { norm: 'l1' }, dims: [[2, 2, 3, 4]], gradientSamples: 24 },
});
