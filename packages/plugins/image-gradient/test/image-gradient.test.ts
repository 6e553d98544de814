// imageGradient() through LossTester on every provider: PyTorch autograd of
// F.l1_loss(dx(p), dx(t)) + F.l1_loss(dy(p), dy(t)) in float64 (test/fixtures/pytorch.json,
// written by make-pytorch-fixtures.py) for 'mean', and of the per-pixel map behind it for
// 'none'; equal edges (gradient 0 at a zero difference), square and rank-2 images; a
// hand-computed case; bad inputs; random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { imageGradient } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const zeros = (n: number) => new Array<number>(n).fill(0);

new LossTester({ describe, it, beforeAll, afterAll }).run('image-gradient', imageGradient, {
  valid: [
    {
      // Prediction [[0, 1], [3, 5]] against a flat target: horizontal differences 1 and 2 (mean
      // 1.5), vertical 3 and 4 (mean 3.5): 5. Each difference moves its two pixels by ±1/2:
      // x00 = -1/2 - 1/2, x01 = +1/2 - 1/2, x10 = -1/2 + 1/2, x11 = +1/2 + 1/2.
      name: 'hand computed: one 2 × 2 image against a flat one',
      prediction: { data: [0, 1, 3, 5], dims: [1, 1, 2, 2] },
      target: { data: zeros(4), dims: [1, 1, 2, 2] },
      expected: 5,
      gradient: [-1, 0, 0, 1],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a prediction of rank 1 (no image)',
      prediction: { data: [0, 1, 2], dims: [3] },
      target: { data: [0, 1, 2], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[\.\.\., H, W\] with H >= 2 and W >= 2: images, e\.g\. \[N, C, H, W\], received \[3\]/,
    },
    {
      name: 'images one pixel wide',
      prediction: { data: zeros(4), dims: [1, 4, 1] },
      target: { data: zeros(4), dims: [1, 4, 1] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected \[\.\.\., H, W\] .*received \[1, 4, 1\]/,
    },
    {
      name: 'a target whose dims differ from the prediction at axis 3',
      prediction: { data: zeros(8), dims: [1, 2, 2, 2] },
      target: { data: zeros(12), dims: [1, 2, 2, 3] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[1, 2, 2, 2\] .*received \[1, 2, 2, 3\]\. .* differ at axis 3/,
    },
    {
      name: 'no target',
      prediction: { data: zeros(4), dims: [2, 2] },
      target: undefined as never,
      inputs: { target: undefined as never },
      error: InvalidInputError,
      message: /^Invalid target: expected an object \{ data: Float32Array, dims: number\[\] \}/,
    },
    { name: 'an option (it takes none)', options: { distance: 'l2' }, error: InvalidOptionError, message: /image-gradient\.distance/ },
  ],
  random: { dims: [[2, 2, 3, 4]], gradientSamples: 24 },
});
