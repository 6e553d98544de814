// multiMargin() through LossTester on every provider: PyTorch's F.multi_margin_loss values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py; a
// hinge exactly at 0 included), hand-computed cases, every bad input and option, and random
// checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { multiMargin } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const SCORES = { data: [1, 2, 0.5, 0, 0, 3], dims: [2, 3] };
const LABELS = { data: [0, 2], dims: [2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('multi-margin', multiMargin, {
  valid: [
    {
      // Row 0 (label 0): hinges 1 - 1 + 2 = 2 and 1 - 1 + 0.5 = 0.5, loss 2.5 / 3; row 1 (label
      // 2) beats both others by 3 > 1: loss 0. Mean 5 / 12. Gradient: 1/3 for each active hinge,
      // -2/3 for the label's score, halved by the mean.
      name: 'hand computed: p 1, margin 1, mean over samples',
      prediction: SCORES,
      target: LABELS,
      expected: 5 / 12,
      gradient: [-1 / 3, 1 / 6, 1 / 6, 0, 0, 0],
    },
    {
      // p 2, weights [2, 1, 3]: row 0 costs 2 (2^2 + 0.5^2) / 3 = 17 / 6, row 1 still 0. Gradient
      // 2 * 2 z / 3 = [8/3, 2/3] for the other classes, -10/3 for the label's.
      name: 'hand computed: p 2 and class weights, sum',
      options: { p: 2, classWeights: [2, 1, 3] },
      prediction: SCORES,
      target: LABELS,
      reduction: 'sum',
      expected: 17 / 6,
      gradient: [-10 / 3, 8 / 3, 2 / 3, 0, 0, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a class index past the last class names the position and the value',
      prediction: SCORES,
      target: { data: Int32Array.of(0, 3), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a class index in \[0, 2\], received 3$/,
    },
    {
      name: 'a negative label (there is no ignore index)',
      prediction: SCORES,
      target: { data: BigInt64Array.of(-100n, 0n), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a class index in \[0, 2\], received -100$/,
    },
    {
      name: 'float labels where class indices are expected',
      prediction: SCORES,
      target: { data: Float32Array.of(0, 2), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array/,
    },
    {
      name: 'labels with a trailing axis',
      prediction: SCORES,
      target: { data: Int32Array.of(0, 2), dims: [2, 1] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2\] .*received \[2, 1\]\. .* differ in rank/,
    },
    {
      name: 'one label per sample: 3 labels for 2 samples name the axis',
      prediction: SCORES,
      target: { data: Int32Array.of(0, 2, 1), dims: [3] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2\] .*received \[3\]\. .* differ at axis 0/,
    },
    {
      name: 'scores of rank 3',
      prediction: { data: new Array(12).fill(0), dims: [2, 3, 2] },
      target: { data: Int32Array.of(0, 1, 2, 0), dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims \[N, C\] \(samples, then class scores\), received \[2, 3, 2\]$/,
    },
    {
      name: 'a class weight per class: 2 weights for 3 classes',
      options: { classWeights: [1, 2] },
      prediction: SCORES,
      // Invalid cases pass typed arrays as given and plain arrays as floats: labels are integers.
      target: { data: Int32Array.of(0, 2), dims: [2] },
      error: InvalidInputError,
      message: /Invalid prediction\.dims: expected 2 classes along axis 1 \(one per class weight\), received 3/,
    },
    { name: 'p 3', options: { p: 3 }, error: InvalidOptionError, message: /multi-margin\.p: expected an integer >= 1 and <= 2, received 3/ },
    { name: 'p 1.5', options: { p: 1.5 }, error: InvalidOptionError, message: /multi-margin\.p/ },
    { name: 'a NaN margin', options: { margin: Number.NaN }, error: InvalidOptionError, message: /multi-margin\.margin: expected a finite number/ },
    { name: 'a negative class weight', options: { classWeights: [1, -2, 1] }, error: InvalidOptionError, message: /multi-margin\.classWeights\[1\]/ },
    { name: 'an unknown option', options: { weight: [1, 1, 1] }, error: InvalidOptionError, message: /multi-margin\.weight/ },
  ],
  random: [
    { name: 'p 1', dims: [[5, 4]], prediction: { min: -2, max: 2 } },
    { name: 'p 2, margin 0.5, class weights', options: { p: 2, margin: 0.5, classWeights: [0.5, 2, 1] }, dims: [[6, 3]], prediction: { min: -2, max: 2 } },
  ],
});
