// hingeEmbedding() through LossTester on every provider: PyTorch's F.hinge_embedding_loss values
// and gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py;
// the kink at x = margin included), hand-computed cases, every bad input and option, and random
// checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hingeEmbedding } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

new LossTester({ describe, it, beforeAll, afterAll }).run('hinge-embedding', hingeEmbedding, {
  valid: [
    {
      // Labels [1, -1, -1, 1], margin 1: l = [0.5, 1 - 0.25, max(0, 1 - 3), -2] = [0.5, 0.75, 0, -2];
      // gradient [1, -1, 0, 1].
      name: 'hand computed: x for label 1, max(0, 1 - x) for label -1, none',
      prediction: { data: [0.5, 0.25, 3, -2], dims: [4] },
      target: { data: [1, -1, -1, 1], dims: [4] },
      reduction: 'none',
      expected: [0.5, 0.75, 0, -2],
      gradient: [1, -1, 0, 1],
    },
    {
      // margin 3: dissimilar pairs at 1 and 2 cost 2 and 1; the similar one 0.5. Sum 3.5.
      name: 'hand computed: margin 3, sum',
      options: { margin: 3 },
      prediction: { data: [1, 2, 0.5], dims: [3] },
      target: { data: [-1, -1, 1], dims: [3] },
      reduction: 'sum',
      expected: 3.5,
      gradient: [-1, -1, 1],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a 0 label names the element',
      prediction: { data: [0, 0, 0], dims: [3] },
      target: { data: [1, -1, 0], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[2\]: expected a label -1 or 1, received 0$/,
    },
    {
      name: 'a target of the wrong length names the axis',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [1, -1, 1, -1, 1, -1], dims: [3, 2] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[3, 2\]\. .* differ at axis 0/,
    },
    {
      name: 'integer labels',
      prediction: { data: [0, 0], dims: [2] },
      target: { data: Int32Array.of(1, -1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    { name: 'an infinite margin', options: { margin: Infinity }, error: InvalidOptionError, message: /hinge-embedding\.margin: expected a finite number/ },
    { name: 'a margin given as a string', options: { margin: '1' }, error: InvalidOptionError, message: /hinge-embedding\.margin/ },
    { name: 'an unknown option', options: { p: 2 }, error: InvalidOptionError, message: /hinge-embedding\.p/ },
  ],
  random: [{ options: { margin: 1.5 }, dims: [[4, 5], [2, 3, 2]], prediction: { min: 0, max: 3 }, target: { binary: true, min: -1, max: 1 } }],
});
