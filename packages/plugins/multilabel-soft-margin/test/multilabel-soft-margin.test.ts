// multilabelSoftMargin() through LossTester on every provider: PyTorch's
// F.multilabel_soft_margin_loss values and gradients in float64 (test/fixtures/pytorch.json,
// written by make-pytorch-fixtures.py), hand-computed cases, every bad input and option, and
// random checks against the float64 reference and finite differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { multilabelSoftMargin } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const LOG2 = Math.log(2);
const SOFTPLUS_2 = Math.log1p(Math.exp(2));
const SIGMOID_2 = 1 / (1 + Math.exp(-2));

new LossTester({ describe, it, beforeAll, afterAll }).run('multilabel-soft-margin', multilabelSoftMargin, {
  valid: [
    {
      // Sample 0: x = [0, 2], y = [1, 0]: (log 2 + softplus(2)) / 2; sample 1: x = [0, 0],
      // y = [0, 1]: log 2. Gradient (sigmoid(x) - y) / C for each class.
      name: 'hand computed: the logistic loss of each class averaged over 2 classes, none',
      prediction: { data: [0, 2, 0, 0], dims: [2, 2] },
      target: { data: [1, 0, 0, 1], dims: [2, 2] },
      reduction: 'none',
      expected: [(LOG2 + SOFTPLUS_2) / 2, LOG2],
      gradient: [-0.25, SIGMOID_2 / 2, 0.25, -0.25],
    },
    {
      // Weights [3, 0]: only class 0 counts, 3 log 2 / 2 per sample; mean over the 2 samples.
      name: 'hand computed: class weights scale each class, mean over samples',
      options: { classWeights: [3, 0] },
      prediction: { data: [0, 2, 0, 0], dims: [2, 2] },
      target: { data: [1, 0, 0, 1], dims: [2, 2] },
      expected: (3 * LOG2) / 2,
      gradient: [(3 * -0.5) / 4, 0, (3 * 0.5) / 4, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a label above 1 names the element',
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 1, 2, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[2\]: expected a label 0 or 1 \(or a soft label in \[0, 1\]\), received 2$/,
    },
    {
      name: 'a -1 label names the element',
      prediction: { data: [0, 0], dims: [1, 2] },
      target: { data: [1, -1], dims: [1, 2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a label 0 or 1/,
    },
    {
      name: 'a prediction without a batch axis',
      prediction: { data: [0, 0, 0], dims: [3] },
      target: { data: [0, 1, 0], dims: [3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected dims \[N, C\] \(samples, then classes on the last axis\), received \[3\]$/,
    },
    {
      name: 'class indices instead of one label per class name the axis',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: [0, 2], dims: [2, 1] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, 3\] .*received \[2, 1\]\. .* differ at axis 1/,
    },
    {
      name: 'integer labels',
      prediction: { data: [0, 0], dims: [1, 2] },
      target: { data: Int32Array.of(1, 0), dims: [1, 2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'a class weight per class: 3 weights for 2 classes',
      options: { classWeights: [1, 2, 3] },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: [0, 1, 1, 0], dims: [2, 2] },
      error: InvalidInputError,
      message: /Invalid prediction\.dims: expected 3 classes along axis -1 \(one per class weight\), received 2/,
    },
    { name: 'a negative class weight', options: { classWeights: [1, -1] }, error: InvalidOptionError, message: /multilabel-soft-margin\.classWeights\[1\]/ },
    { name: 'empty class weights', options: { classWeights: [] }, error: InvalidOptionError, message: /multilabel-soft-margin\.classWeights: expected a non-empty array/ },
    { name: 'an unknown option', options: { weight: [1, 2] }, error: InvalidOptionError, message: /multilabel-soft-margin\.weight/ },
  ],
  random: [
    { name: 'labels 0 and 1, class weights', options: { classWeights: [0.5, 1, 2, 0.25, 1.5] }, dims: [[4, 5]], prediction: { min: -4, max: 4 }, target: { binary: true } },
    { name: 'soft labels, [N, H, C]', dims: [[2, 3, 4]], prediction: { min: -4, max: 4 }, target: { min: 0, max: 1 } },
  ],
});
