// marginRanking() through LossTester on every provider: PyTorch's F.margin_ranking_loss values
// and gradients of both scores in float64 (test/fixtures/pytorch.json, written by
// make-pytorch-fixtures.py), tied scores included, a hand-computed case, every bad option and
// input, and random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { marginRanking } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('margin-ranking', marginRanking, {
  valid: [
    {
      // Margin 1. Pair 1: y = 1, x1 - x2 = 2 exceeds the margin: max(0, 1 - 2) = 0. Pair 2: y = -1,
      // x1 - x2 = -0.5: max(0, 1 - 0.5) = 0.5. Mean 0.25; only pair 2 has a gradient:
      // d/dx1 = -y / 2 = 0.5, d/dx2 = y / 2 = -0.5.
      name: 'hand computed: margin 1, one pair beyond the margin, one inside',
      options: { margin: 1 },
      prediction: { data: [3, 0], dims: [2] },
      target: { data: [1, -1], dims: [2] },
      inputs: { other: { data: [1, 0.5], dims: [2] } },
      expected: 0.25,
      gradient: [0, 0.5],
      gradients: { other: [0, -0.5] },
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a target of 0',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [1, 0], dims: [2] },
      inputs: { other: { data: [0, 0], dims: [2] } },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a target of 1 \(prediction should rank higher\) or -1 \(other should\), received 0$/,
    },
    {
      name: 'other with dims that differ at axis 1',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [1, 1, 1, 1], dims: [2, 2] },
      inputs: { other: { data: [0, 0], dims: [2, 1] } },
      error: InvalidInputError,
      message: /^Invalid other\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 1\]\. .* differ at axis 1/,
    },
    {
      name: 'integer targets',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: Int32Array.of(1, -1), dims: [2] },
      inputs: { other: { data: [0, 0], dims: [2] } },
      error: InvalidInputError,
      message: /^Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'no other',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: [1, -1], dims: [2] },
      inputs: { other: undefined as never },
      error: InvalidInputError,
      message: /^Invalid other: expected an object \{ data: Float32Array, dims: number\[\] \}/,
    },
    { name: 'an infinite margin', options: { margin: Number.POSITIVE_INFINITY }, error: InvalidOptionError, message: /^Invalid option margin-ranking\.margin: expected a finite number, received Infinity/ },
    { name: 'an unknown option', options: { p: 1 }, error: InvalidOptionError, message: /margin-ranking\.p/ },
  ],
  random: {
    options: { margin: 0.2 },
    dims: [[4, 5]],
    target: { binary: true, min: -1, max: 1 },
  },
});
