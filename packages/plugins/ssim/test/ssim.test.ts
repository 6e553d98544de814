// ssim() through LossTester on every provider: float64 PyTorch values and gradients of SSIM from
// its definition, each checked against scikit-image and pytorch-msssim when written
// (test/fixtures/pytorch.json, by make-pytorch-fixtures.py), hand-computed cases, every bad
// option and input, and random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ssim } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const fill = (length: number, value: number): number[] => Array.from({ length }, () => value);
// Values with structure (not constant), for the identical-images case.
const ramp = Array.from({ length: 20 }, (_, i) => ((i * 7) % 11) / 10);

// The 3-tap Gaussian of sigma 1.5, normalised: g = [e^(-1/4.5), 1, e^(-1/4.5)] / (1 + 2 e^(-1/4.5)).
const g3 = [0.30780132912346997, 0.38439734175306, 0.30780132912346997];

new LossTester({ describe, it, beforeAll, afterAll }).run('ssim', ssim, {
  valid: [
    {
      // SSIM(x, x) = 1 at every position, and it is SSIM's maximum, so the gradient is 0.
      name: 'hand computed: identical images give loss 0 and gradient 0',
      options: { windowSize: 3 },
      prediction: { data: ramp, dims: [1, 1, 4, 5] },
      target: { data: ramp, dims: [1, 1, 4, 5] },
      expected: 0,
      gradient: fill(20, 0),
    },
    {
      // Constant images 0.5 and 0.25 (an offset of 0.25): μx = 0.5, μy = 0.25, every σ = 0, so
      // the contrast-structure term is C2 / C2 = 1 and SSIM = (2 μx μy + C1) / (μx² + μy² + C1)
      // = (0.25 + 1e-4) / (0.3125 + 1e-4) = 0.2501 / 0.3126 = 0.80006398; loss 0.19993602.
      // Gradient: at constant images every σ has derivative 0, so d SSIM / d x_ab = g_a g_b ·
      // d l / d μx = g_a g_b (2 μy B - 2 μx A) / B² = g_a g_b (0.5 · 0.3126 - 0.2501) / 0.3126²
      // = -0.95989757 g_a g_b; the loss's is its negative.
      name: 'hand computed: constant images 0.5 and 0.25 (windowSize 3)',
      options: { windowSize: 3 },
      prediction: { data: fill(9, 0.5), dims: [1, 1, 3, 3] },
      target: { data: fill(9, 0.25), dims: [1, 1, 3, 3] },
      expected: 0.1999360204734485,
      gradient: g3.flatMap((ga) => g3.map((gb) => 0.9598975672634406 * ga * gb)),
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a prediction of rank 3',
      prediction: { data: fill(2 * 16 * 16, 0), dims: [2, 16, 16] },
      target: { data: fill(2 * 16 * 16, 0), dims: [2, 16, 16] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected images \[N, C, H, W\] with height and width >= 11 for windowSize 11, received \[2, 16, 16\], of rank 3\. Give one channel/,
    },
    {
      name: 'images narrower than the window',
      prediction: { data: fill(12 * 10, 0), dims: [1, 1, 12, 10] },
      target: { data: fill(12 * 10, 0), dims: [1, 1, 12, 10] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected images \[N, C, H, W\] with height and width >= 11 for windowSize 11, received \[1, 1, 12, 10\], whose width 10 is below 11/,
    },
    {
      name: 'a target whose dims differ from the prediction',
      prediction: { data: fill(11 * 11, 0), dims: [1, 1, 11, 11] },
      target: { data: fill(12 * 11, 0), dims: [1, 1, 12, 11] },
      error: InvalidInputError,
      message: /^Invalid target\.dims: expected \[1, 1, 11, 11\]/,
    },
    {
      name: 'a NaN in the prediction',
      prediction: { data: [Number.NaN, ...fill(11 * 11 - 1, 0)], dims: [1, 1, 11, 11] },
      target: { data: fill(11 * 11, 0), dims: [1, 1, 11, 11] },
      error: InvalidInputError,
      message: /^Invalid prediction\.data\[0\]: expected a finite number, received NaN/,
    },
    { name: 'an even windowSize', options: { windowSize: 4 }, error: InvalidOptionError, message: /^Invalid option ssim\.windowSize: expected an odd integer >= 3, received 4/ },
    { name: 'windowSize 1', options: { windowSize: 1 }, error: InvalidOptionError, message: /ssim\.windowSize: expected an odd integer >= 3, received 1/ },
    { name: 'a fractional windowSize', options: { windowSize: 5.5 }, error: InvalidOptionError, message: /ssim\.windowSize/ },
    { name: 'sigma 0', options: { sigma: 0 }, error: InvalidOptionError, message: /^Invalid option ssim\.sigma: expected a finite number > 0, received 0/ },
    { name: 'k1 0', options: { k1: 0 }, error: InvalidOptionError, message: /ssim\.k1: expected a finite number > 0/ },
    { name: 'a negative k2', options: { k2: -0.03 }, error: InvalidOptionError, message: /ssim\.k2: expected a finite number > 0/ },
    { name: 'dataRange 0', options: { dataRange: 0 }, error: InvalidOptionError, message: /ssim\.dataRange: expected a finite number > 0/ },
    { name: 'an unknown option', options: { gaussianWeights: true }, error: InvalidOptionError, message: /ssim\.gaussianWeights/ },
  ],
  // Independent values in [-1, 1): SSIM near 0, both signs; a 3 × 2 map per channel.
  random: { dims: [[1, 2, 13, 12]], gradientSamples: 32 },
});
