// crossEntropy() through LossTester on every provider: PyTorch's F.cross_entropy values and
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py), hand
// computed cases, every bad input and option, and random checks against the float64 reference
// and finite differences, class indices with ignored labels included.
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { crossEntropy } from '../src/index';

const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: ValidCase<never>[] };

const LOG3 = Math.log(3);

new LossTester({ describe, it, beforeAll, afterAll }).run('cross-entropy', crossEntropy, {
  valid: [
    {
      // Equal logits: softmax 1/3 each, -log(1/3) = log 3 for any label; gradient (1/3 - 1{c=y}) / N.
      name: 'hand computed: uniform logits cost log 3; gradient (1/3 - one-hot) / 2',
      prediction: { data: [0, 0, 0, 5, 5, 5], dims: [2, 3] },
      target: { data: [0, 2], dims: [2] },
      expected: LOG3,
      gradient: [-1 / 3, 1 / 6, 1 / 6, 1 / 6, 1 / 6, -1 / 3],
    },
    {
      // Every label ignored: nothing to average; losskit gives 0 where PyTorch's 0/0 is NaN.
      name: 'every label ignored: mean 0, gradient 0',
      prediction: { data: [1, 2, 3, 4], dims: [2, 2] },
      target: { data: [-100, -100], dims: [2] },
      expected: 0,
      gradient: [0, 0, 0, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a class index past the last class names the position and the value',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: Int32Array.of(1, 3), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a class index in \[0, 2\] or the ignore index -100, received 3$/,
    },
    {
      name: 'a negative label other than the ignore index',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: BigInt64Array.of(-1n, 0n), dims: [2] },
      error: InvalidInputError,
      message: /^Invalid target\.data\[0\]: expected a class index in \[0, 2\] or the ignore index -100, received -1$/,
    },
    {
      name: 'float labels where class indices are expected',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: Float32Array.of(0, 1), dims: [2] },
      error: InvalidInputError,
      message: /Invalid target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array.*"target" takes integer values/,
    },
    {
      name: 'targets with the class axis kept',
      prediction: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      target: { data: Int32Array.of(0, 1, 2, 0, 1, 2), dims: [2, 3] },
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2\] .*received \[2, 3\]\. .* differ in rank/,
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
    { name: 'labelSmoothing above 1', options: { labelSmoothing: 1.5 }, error: InvalidOptionError, message: /cross-entropy\.labelSmoothing/ },
    { name: 'a negative class weight', options: { classWeights: [1, -1] }, error: InvalidOptionError, message: /cross-entropy\.classWeights\[1\]/ },
    { name: 'an unknown target kind', options: { targets: 'onehot' }, error: InvalidOptionError, message: /cross-entropy\.targets/ },
    { name: 'an unknown option', options: { ignore_index: 0 }, error: InvalidOptionError, message: /cross-entropy\.ignore_index/ },
  ],
  random: [
    { name: 'indices', dims: [[4, 5], [2, 3, 2, 2]], prediction: { min: -3, max: 3 } },
    { name: 'weights, smoothing, ignoreIndex 1', options: { classWeights: [0.5, 1, 2], labelSmoothing: 0.2, ignoreIndex: 1 }, dims: [[5, 3]], prediction: { min: -3, max: 3 } },
    {
      name: 'probabilities',
      options: { targets: 'probabilities', labelSmoothing: 0.1 },
      dims: [[3, 4]],
      target: (random, dims) => Array.from({ length: dims[0]! * dims[1]! }, () => random() / dims[1]!),
    },
  ],
});
