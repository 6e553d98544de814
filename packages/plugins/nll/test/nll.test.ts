// nll() through LossTester on every provider: PyTorch's F.nll_loss values and gradients in
// float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py; label smoothing and
// probability targets against F.cross_entropy of the log-probabilities), hand-computed cases,
// every bad input and option, and random checks against the float64 reference and finite
// differences.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { nll } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const ZEROS = { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] };

new LossTester({ describe, it, beforeAll, afterAll }).run('nll', nll, {
  valid: [
    {
      // l = [-log 0.5, -log 0.6] = [log 2, log(5/3)]; mean over 2 labels; d mean / d x = -one-hot / 2.
      name: 'hand computed: -x[n, y[n]] averaged; gradient -one-hot / 2',
      prediction: { data: [Math.log(0.5), Math.log(0.25), Math.log(0.25), Math.log(0.1), Math.log(0.6), Math.log(0.3)], dims: [2, 3] },
      target: { data: [0, 1], dims: [2] },
      expected: (Math.log(2) + Math.log(5 / 3)) / 2,
      gradient: [-0.5, 0, 0, 0, -0.5, 0],
    },
    {
      // Weights [1, 2, 4]: l = [-1 * -1, -4 * -2] = [1, 8]; mean = 9 / (1 + 4); gradient -w_y / 5.
      name: 'hand computed: class weights, mean divides by the weights of the labels',
      options: { classWeights: [1, 2, 4] },
      prediction: { data: [-1, -3, -5, -7, -9, -2], dims: [2, 3] },
      target: { data: [0, 2], dims: [2] },
      expected: 9 / 5,
      gradient: [-1 / 5, 0, 0, 0, 0, -4 / 5],
    },
    {
      // Every label ignored: nothing to average; losskit gives 0 where PyTorch's 0/0 is NaN.
      name: 'every label ignored: mean 0, gradient 0',
      prediction: { data: [-1, -2, -3, -4], dims: [2, 2] },
      target: { data: [-100, -100], dims: [2] },
      expected: 0,
      gradient: [0, 0, 0, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a class index past the last class names the position and the value',
      prediction: ZEROS,
      target: { data: Int32Array.of(1, 3), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a class index in \[0, 2\] or the ignore index -100, received 3$/,
    },
    {
      name: 'a negative label other than the ignore index',
      prediction: ZEROS,
      target: { data: BigInt64Array.of(-1n, 0n), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a class index in \[0, 2\] or the ignore index -100, received -1$/,
    },
    {
      name: 'float labels where class indices are expected',
      prediction: ZEROS,
      target: { data: Float32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array.*"target" takes integer values/,
    },
    {
      name: 'log-probabilities as a Float64Array',
      prediction: { data: new Float64Array(6), dims: [2, 3] },
      target: { data: Int32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid prediction\.data: expected a Float32Array, received Float64Array/,
    },
    {
      name: 'targets with the class axis kept',
      prediction: ZEROS,
      target: { data: Int32Array.of(0, 1, 2, 0, 1, 2), dims: [2, 3] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2\] .*received \[2, 3\]\. .* differ in rank/,
    },
    {
      name: 'segmentation targets of the wrong height name the axis',
      prediction: { data: new Array(12).fill(-1), dims: [1, 3, 2, 2] },
      target: { data: Int32Array.of(0, 1, 2, 0, 1, 2), dims: [1, 3, 2] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[1, 2, 2\] .*received \[1, 3, 2\]\. .* differ at axis 1/,
    },
    {
      name: 'probability targets given as integers',
      options: { targets: 'probabilities' },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Int32Array.of(1, 0, 0, 1), dims: [2, 2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected a Float32Array, received Int32Array/,
    },
    {
      name: 'a class weight per class: 3 weights for 2 classes',
      options: { classWeights: [1, 2, 3] },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Int32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid prediction\.dims: expected 3 classes along axis 1 \(one per class weight\), received 2/,
    },
    {
      name: 'a prediction without the class axis',
      options: { classAxis: 2 },
      prediction: { data: [0, 0, 0, 0], dims: [2, 2] },
      target: { data: Int32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid prediction\.dims: expected dims with a class axis 2/,
    },
    { name: 'labelSmoothing above 1', options: { labelSmoothing: 1.5 }, error: InvalidOptionError, message: /nll\.labelSmoothing/ },
    { name: 'a negative class weight', options: { classWeights: [1, -1] }, error: InvalidOptionError, message: /nll\.classWeights\[1\]/ },
    { name: 'a fractional class axis', options: { classAxis: 1.5 }, error: InvalidOptionError, message: /nll\.classAxis: expected an integer/ },
    { name: 'an unknown target kind', options: { targets: 'onehot' }, error: InvalidOptionError, message: /nll\.targets/ },
    { name: 'an unknown option', options: { ignore_index: 0 }, error: InvalidOptionError, message: /nll\.ignore_index/ },
  ],
  random: [
    {
      name: 'indices: weights, smoothing, ignoreIndex 1',
      options: { classWeights: [0.5, 1, 2], labelSmoothing: 0.2, ignoreIndex: 1 },
      dims: [[5, 3], [2, 3, 2, 2]],
      prediction: { min: -4, max: 0 },
    },
    {
      name: 'probabilities',
      options: { targets: 'probabilities', labelSmoothing: 0.1 },
      dims: [[3, 4]],
      prediction: { min: -4, max: 0 },
      target: (random, dims) => Array.from({ length: dims[0]! * dims[1]! }, () => random() / dims[1]!),
    },
  ],
});
