// weightedSum of @losskit/core with l1 as a part, through LossTester on every provider present:
// the combined loss's graph against hand-computed values, refused parts and weights, and the
// automatic random checks (graph vs the combination's float64 reference, gradient vs finite
// differences). It lives here because core cannot depend on plugin packages, even for tests;
// mse is a dev dependency of this package for it.
//
// Expected values: computed by hand in the comments, or from l1's and mse's own float64
// references (referenceLoss with 'mean') combined by the arithmetic written out in the case.
import { InvalidInputError, InvalidOptionError, type WeightedPart, referenceLoss, weightedSum } from '@losskit/core';
import { mse } from '@losskit/loss-mse';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { l1 } from '../src/index';

/** The factory LossTester takes: options `{ parts }`, by default 0.25 · l1 + 0.75 · mse. */
const combined = (options?: { parts?: readonly WeightedPart[] }) => weightedSum(options?.parts ?? [[0.25, l1()], [0.75, mse()]]);

// d = p - t = [1, 2, 3, -1]: mean |d| = 7/4 = 1.75, mean d² = 15/4 = 3.75.
const prediction = { data: [1, 2, 3, 4], dims: [2, 2] };
const target = { data: [0, 0, 0, 5], dims: [2, 2] };

// Other values, for which the parts' own references give the expected value.
const p2 = { data: [0.5, -0.25, 2, 0.125], dims: [2, 2] };
const t2 = { data: [0, 0.25, 2, -0.5], dims: [2, 2] };
const l1Mean = referenceLoss(l1(), { prediction: p2, target: t2 }).data[0]!;
const mseMean = referenceLoss(mse(), { prediction: p2, target: t2 }).data[0]!;

new LossTester({ describe, it, beforeAll, afterAll }).run('weightedSum(l1, mse)', combined, {
  valid: [
    {
      // 0.25 · 1.75 + 0.75 · 3.75 = 0.4375 + 2.8125; d/dp = 0.25 sign(d) / 4 + 0.75 · 2d / 4.
      name: 'mean: 0.25 · mean|d| + 0.75 · mean d² = 3.25',
      prediction,
      target,
      expected: 3.25,
      gradient: [0.4375, 0.8125, 1.1875, -0.4375],
    },
    { name: "none: the one value, as [1]", prediction, target, reduction: 'none', expected: [3.25] },
    { name: 'sum with a scalar weight 2: 2 · 3.25 = 6.5', prediction, target, reduction: 'sum', weights: { data: [2], dims: [1] }, expected: 6.5, gradient: [0.875, 1.625, 2.375, -0.875] },
    {
      // Zhao et al.'s weights, mse standing in for MS-SSIM: the parts' float64 references combined here.
      name: "0.84 · mse + 0.16 · l1 from the parts' own references",
      options: { parts: [[0.84, mse()], [0.16, l1()]] },
      prediction: p2,
      target: t2,
      expected: 0.84 * mseMean + 0.16 * l1Mean,
    },
  ],
  invalid: [
    { name: 'no parts', options: { parts: [] }, error: InvalidOptionError, message: /^Invalid option weightedSum\.parts: expected a non-empty array of \[weight, loss\] pairs/ },
    { name: 'a zero weight', options: { parts: [[0.5, l1()], [0, mse()]] }, error: InvalidOptionError, message: /^Invalid option weightedSum\.parts\[1\]\[0\]: expected a finite number > 0, received 0$/ },
    { name: 'a factory for a plugin', options: { parts: [[1, l1]] }, error: InvalidOptionError, message: /^Invalid option weightedSum\.parts\[0\]\[1\]: expected a loss plugin such as l1\(\) \(call the factory\), received the factory l1 itself$/ },
    {
      name: 'per-sample weights',
      prediction,
      target,
      weights: { data: [1, 2], dims: [2, 1] },
      error: InvalidInputError,
      message: /^Invalid weights\.dims: expected dims that broadcast to the elementwise loss shape \[1\], received \[2, 1\]\. weighted-sum is reduced already/,
    },
    { name: 'target dims differ from the prediction', prediction, target: { data: [0, 0, 0], dims: [3] }, error: InvalidInputError, message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[3\]/ },
  ],
  random: { dims: [[2, 3, 4]], seed: 3, gradientSamples: 24 },
});
