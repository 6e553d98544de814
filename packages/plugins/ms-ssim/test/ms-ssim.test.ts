// msSsim() through LossTester on every provider: float64 PyTorch values and gradients of MS-SSIM
// as pytorch-msssim defines it, checked against pytorch-msssim's own ms_ssim when written
// (test/fixtures/pytorch.json, by make-pytorch-fixtures.py), a hand-computed case, every bad
// option and input, and random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError, numel } from '@losskit/core';
import { LossTester, type RandomSource, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { msSsim } from '../src/index';

type Waves = { readonly waves: { readonly size: number; readonly phase: number } };
type FormulaCase = Omit<ValidCase<never>, 'prediction' | 'target'> & { readonly prediction: Waves; readonly target: Waves };
const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[]; formulaCases: FormulaCase[] };

/** make-pytorch-fixtures.py's `waves`: a smooth [1, 1, size, size] image on the 1/256 grid. */
function waves({ waves: { size, phase } }: Waves): { data: number[]; dims: number[] } {
  const data = Array.from({ length: size * size }, (_, k) => {
    const [i, j] = [Math.floor(k / size), k % size];
    return Math.round(256 * (0.5 + 0.25 * Math.sin(0.21 * i + 0.13 * j + phase) + 0.2 * Math.cos(0.11 * i - 0.17 * j + 2 * phase))) / 256;
  });
  return { data, dims: [1, 1, size, size] };
}

const fill = (length: number, value: number): number[] => Array.from({ length }, () => value);
const ramp = Array.from({ length: 33 * 33 }, (_, k) => ((k * 7) % 23) / 22);

/** Smooth stripes plus a little noise, the same stripes for prediction and target: every scale keeps cs > 0, away from the ReLU's kink. */
const stripes = (random: RandomSource, dims: readonly number[]): number[] =>
  Array.from({ length: numel(dims) }, (_, k) => 0.5 + 0.3 * Math.sin((k % dims[3]!) / 3) * Math.cos(Math.floor(k / dims[3]!) / 4) + 0.1 * (random() - 0.5));

new LossTester({ describe, it, beforeAll, afterAll }).run('ms-ssim', msSsim, {
  valid: [
    {
      // Every scale compares an image with itself: cs = SSIM = 1 everywhere, so MS-SSIM = 1^w… = 1.
      // (That its gradient is 0 there, its maximum, is checked on a float64 PyTorch case with the
      // same ReLU'd zero gradient: an image and its negative.)
      name: 'hand computed: identical images give loss 0 (windowSize 3)',
      options: { windowSize: 3 },
      prediction: { data: ramp, dims: [1, 1, 33, 33] },
      target: { data: ramp, dims: [1, 1, 33, 33] },
      expected: 0,
    },
    ...pytorch.cases,
    ...pytorch.formulaCases.map((c) => ({ ...c, prediction: waves(c.prediction), target: waves(c.target) })),
  ],
  invalid: [
    {
      name: 'images too small for five scales of the default window',
      prediction: { data: fill(160 * 200, 0), dims: [1, 1, 160, 200] },
      target: { data: fill(160 * 200, 0), dims: [1, 1, 160, 200] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected images \[N, C, H, W\] with height and width >= 161 for windowSize 11 \(MS-SSIM halves them four times and needs one window at the coarsest scale\), received \[1, 1, 160, 200\], whose height 160 is below 161/,
    },
    {
      name: 'images too small for five scales of windowSize 3',
      options: { windowSize: 3 },
      prediction: { data: fill(33 * 32, 0), dims: [1, 1, 33, 32] },
      target: { data: fill(33 * 32, 0), dims: [1, 1, 33, 32] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected images \[N, C, H, W\] with height and width >= 33 for windowSize 3 .*, received \[1, 1, 33, 32\], whose width 32 is below 33/,
    },
    {
      name: 'a prediction of rank 3',
      options: { windowSize: 3 },
      prediction: { data: fill(33 * 33, 0), dims: [1, 33, 33] },
      target: { data: fill(33 * 33, 0), dims: [1, 33, 33] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected images \[N, C, H, W\] .*received \[1, 33, 33\], of rank 3/,
    },
    {
      name: 'a NaN in the target',
      options: { windowSize: 3 },
      prediction: { data: fill(33 * 33, 0), dims: [1, 1, 33, 33] },
      target: { data: [...fill(33 * 33 - 1, 0), Number.NaN], dims: [1, 1, 33, 33] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1088\]: expected a finite number, received NaN/,
    },
    { name: 'four weights', options: { weights: [0.25, 0.25, 0.25, 0.25] }, error: InvalidOptionError, message: /^Invalid option ms-ssim\.weights: expected an array of 5 items, each a finite number >= 0/ },
    { name: 'a negative weight', options: { weights: [0.1, 0.2, -0.3, 0.2, 0.2] }, error: InvalidOptionError, message: /ms-ssim\.weights\[2\]: expected a finite number >= 0, received -0\.3/ },
    { name: 'an even windowSize', options: { windowSize: 10 }, error: InvalidOptionError, message: /ms-ssim\.windowSize: expected an odd integer >= 3, received 10/ },
    { name: 'sigma 0', options: { sigma: 0 }, error: InvalidOptionError, message: /ms-ssim\.sigma: expected a finite number > 0/ },
    { name: 'a negative dataRange', options: { dataRange: -1 }, error: InvalidOptionError, message: /ms-ssim\.dataRange: expected a finite number > 0/ },
    { name: 'an unknown option', options: { levels: 3 }, error: InvalidOptionError, message: /ms-ssim\.levels/ },
  ],
  random: { options: { windowSize: 3 }, dims: [[2, 1, 33, 34]], prediction: stripes, target: stripes, gradientSamples: 32 },
});
