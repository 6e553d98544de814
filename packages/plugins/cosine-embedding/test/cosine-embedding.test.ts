// cosineEmbedding() through LossTester on every provider: PyTorch's F.cosine_embedding_loss
// values and gradients of both embeddings in float64 (test/fixtures/pytorch.json, written by
// make-pytorch-fixtures.py), zero vectors and one unbatched pair included, a hand-computed case,
// every bad option and input, and random checks against the float64 reference and finite
// differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cosineEmbedding } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const HALF_SQRT2 = Math.SQRT1_2 / 2;

new LossTester({ describe, it, beforeAll, afterAll }).run('cosine-embedding', cosineEmbedding, {
  valid: [
    {
      // Similar pair [3, 4], [4, 3]: cos = 24 / 25 = 0.96, loss 0.04. Dissimilar pair [1, 0],
      // [1, 1] with margin 0.5: cos = 1/√2, loss 1/√2 - 0.5. Mean (0.04 + 1/√2 - 0.5) / 2.
      // d cos / d x1 = x2 / (|x1| |x2|) - cos x1 / |x1|²: pair 1 [0.0448, -0.0336], for x2
      // [-0.0336, 0.0448], times -1/2; pair 2 [0, 1/√2], for x2 [1/(2√2), -1/(2√2)], times 1/2.
      name: 'hand computed: a similar pair and a dissimilar pair inside the margin',
      options: { margin: 0.5 },
      prediction: { data: [3, 4, 1, 0], dims: [2, 2] },
      target: { data: [1, -1], dims: [2] },
      inputs: { other: { data: [4, 3, 1, 1], dims: [2, 2] } },
      expected: (0.04 + Math.SQRT1_2 - 0.5) / 2,
      gradient: [-0.0224, 0.0168, 0, HALF_SQRT2],
      gradients: { other: [0.0168, -0.0224, HALF_SQRT2 / 2, -HALF_SQRT2 / 2] },
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a target other than 1 or -1',
      prediction: { data: [1, 0, 0, 1], dims: [2, 2] },
      target: { data: [0.5, 1], dims: [2] },
      inputs: { other: { data: [1, 0, 0, 1], dims: [2, 2] } },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a target of 1 \(similar pair\) or -1 \(dissimilar pair\), received 0\.5$/,
    },
    {
      name: 'embeddings of rank 3',
      prediction: { data: [1, 0, 0, 1, 1, 0, 0, 1], dims: [2, 2, 2] },
      target: { data: [1, 1], dims: [2] },
      inputs: { other: { data: [1, 0, 0, 1, 1, 0, 0, 1], dims: [2, 2, 2] } },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[N, D\] \(N embeddings of D values\) or \[D\] \(one embedding\), received \[2, 2, 2\]$/,
    },
    {
      name: 'a target per element instead of per pair',
      prediction: { data: [1, 0, 0, 1], dims: [2, 2] },
      target: { data: [1, 1, 1, 1], dims: [2, 2] },
      inputs: { other: { data: [1, 0, 0, 1], dims: [2, 2] } },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[2\] \(one value per pair.*received \[2, 2\]\. .* differ in rank/,
    },
    {
      name: 'other with a different embedding size (axis 1)',
      prediction: { data: [1, 0, 0, 1], dims: [2, 2] },
      target: { data: [1, 1], dims: [2] },
      inputs: { other: { data: [1, 0, 0, 0, 1, 0], dims: [2, 3] } },
      error: InvalidInputError,
      message: /^Invalid other\.dims: expected \[2, 2\] .*received \[2, 3\]\. .* differ at axis 1/,
    },
    {
      name: 'a Float64Array other',
      prediction: { data: [1, 0], dims: [1, 2] },
      target: { data: [1], dims: [1] },
      inputs: { other: { data: Float64Array.of(1, 0), dims: [1, 2] } },
      error: InvalidInputError,
      message: /^Invalid other\.data: expected a Float32Array, received Float64Array/,
    },
    { name: 'a margin above 1', options: { margin: 1.5 }, error: InvalidOptionError, message: /^Invalid option cosine-embedding\.margin: expected a finite number >= -1 and <= 1, received 1\.5/ },
    { name: 'an unknown option', options: { eps: 1e-8 }, error: InvalidOptionError, message: /cosine-embedding\.eps/ },
  ],
  random: {
    options: { margin: 0.1 },
    dims: [[6, 4]],
    target: { binary: true, min: -1, max: 1 },
  },
});
