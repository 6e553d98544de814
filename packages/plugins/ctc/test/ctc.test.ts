// ctc() through LossTester on every provider: PyTorch's F.ctc_loss values and free-input
// gradients in float64 (test/fixtures/pytorch.json, written by make-pytorch-fixtures.py), hand
// computed cases, every bad input and option, and random checks against the float64 reference
// and finite differences (per-sample lengths, another blank, an impossible alignment zeroed).
import { readFileSync } from 'node:fs';
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester, type TensorCase, type ValidCase } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ctc } from '../src/index';

// JSON has no Infinity: the fixture script writes PyTorch's infinite losses as "Infinity".
const pytorch = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8'), (_, value: unknown) =>
  value === 'Infinity' ? Number.POSITIVE_INFINITY : value,
) as { cases: ValidCase<never>[] };

const { log } = Math;
const NAN = Number.NaN;

// Inputs of the invalid cases: T = 2 frames, N = 2 samples, C = 3 classes.
const prediction: TensorCase = { data: new Array(12).fill(log(1 / 3)), dims: [2, 2, 3] };
const target: TensorCase = { data: Int32Array.of(1, 2, 2, 0), dims: [2, 2] };
const lengths = (input: readonly number[], labels: readonly number[]) => ({
  inputLengths: { data: Int32Array.from(input), dims: [input.length] },
  targetLengths: { data: Int32Array.from(labels), dims: [labels.length] },
});
const good = lengths([2, 2], [2, 1]);

new LossTester({ describe, it, beforeAll, afterAll }).run('ctc', ctc, {
  valid: [
    {
      // Label 1 in 2 frames, each class 1/2: alignments 11, b1, 1b, so p = 3/4 and the loss is
      // log(4/3) (mean divides by 1 label). The gradient is minus each class's posterior
      // occupancy: label 1 at t = 0 on paths 11 and 1b, 2/3; blank 1/3; the same at t = 1.
      name: 'hand computed: label 1 in 2 uniform frames costs log(4/3); gradient -(1/3, 2/3) per frame',
      prediction: { data: [log(0.5), log(0.5), log(0.5), log(0.5)], dims: [2, 1, 2] },
      target: { data: [1], dims: [1, 1] },
      inputs: lengths([2], [1]),
      expected: log(4 / 3),
      gradient: [-1 / 3, -2 / 3, -1 / 3, -2 / 3],
    },
    {
      // Target length 0 and 2 of 3 frames: the one path is blank, blank, so the loss is
      // -(log 0.5 + log 0.25) = log 8 (divided by max(0, 1) = 1); gradient -1 at the blank of
      // frames 0 and 1, nothing at the frame past the input length.
      name: 'hand computed: an empty target in 2 of 3 frames costs -Σ log p(blank) = log 8',
      prediction: { data: [log(0.5), log(0.5), log(0.25), log(0.75), log(0.9), log(0.1)], dims: [3, 1, 2] },
      target: { data: [1], dims: [1, 1] },
      inputs: lengths([2], [0]),
      expected: log(8),
      gradient: [-1, 0, -1, 0, 0, 0],
    },
    {
      // The same with no label column at all (S = 0), which PyTorch accepts too.
      name: 'hand computed: targets [1, 0] (S = 0) cost -Σ log p(blank) = log 8',
      prediction: { data: [log(0.5), log(0.5), log(0.25), log(0.75), log(0.9), log(0.1)], dims: [3, 1, 2] },
      target: { data: [], dims: [1, 0] },
      inputs: lengths([2], [0]),
      expected: log(8),
      gradient: [-1, 0, -1, 0, 0, 0],
    },
    {
      // Labels 1 1 need 3 frames (1 b 1) and get 2: no alignment, loss +Infinity. PyTorch 1.13's
      // backward gives NaN on the sample's frames and 0 past its input length; so does ctc().
      name: 'an impossible alignment: loss +Infinity and NaN gradient on its frames, as PyTorch',
      prediction: { data: new Array(9).fill(log(1 / 3)), dims: [3, 1, 3] },
      target: { data: [1, 1], dims: [1, 2] },
      inputs: lengths([2], [2]),
      reduction: 'none',
      expected: [Number.POSITIVE_INFINITY],
      gradient: [NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 0],
    },
    ...pytorch.cases,
  ],
  invalid: [
    {
      name: 'a prediction that is not [T, N, C]',
      prediction: { data: new Array(6).fill(0), dims: [2, 3] },
      target,
      inputs: good,
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected log-probabilities \[T, N, C\] \(frames, batch, classes\), as PyTorch takes them, received \[2, 3\]$/,
    },
    {
      name: 'float labels',
      prediction,
      target: { data: Float32Array.of(1, 2, 2, 0), dims: [2, 2] },
      inputs: good,
      error: InvalidInputError,
      message: /Invalid target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array.*"target" takes integer values/,
    },
    {
      name: 'labels for 3 samples where the prediction has 2',
      prediction,
      target: { data: Int32Array.of(1, 2, 2, 0, 1, 1), dims: [3, 2] },
      inputs: good,
      error: InvalidInputError,
      message: /Invalid target\.dims: expected \[2, any\] .*received \[3, 2\]\. .*differ at axis 0/,
    },
    {
      name: 'float input lengths',
      prediction,
      target,
      inputs: { ...good, inputLengths: { data: Float32Array.of(2, 2), dims: [2] } },
      error: InvalidInputError,
      message: /Invalid inputLengths\.data: expected integers/,
    },
    {
      name: 'an input length of 0',
      prediction,
      target,
      inputs: lengths([2, 0], [2, 1]),
      error: InvalidInputError,
      message: /^Invalid inputLengths\.data\[1\]: expected an input length in \[1, 2\] \(the prediction's 2 frames\), received 0$/,
    },
    {
      name: 'an input length past the frames',
      prediction,
      target,
      inputs: lengths([3, 2], [2, 1]),
      error: InvalidInputError,
      message: /^Invalid inputLengths\.data\[0\]: expected an input length in \[1, 2\] .*received 3$/,
    },
    {
      name: 'input lengths of 3 samples',
      prediction,
      target,
      inputs: lengths([2, 2, 2], [2, 1]),
      error: InvalidInputError,
      message: /Invalid inputLengths\.dims: expected \[2\] .*received \[3\]/,
    },
    {
      name: 'a target length past the padded labels',
      prediction,
      target,
      inputs: lengths([2, 2], [3, 1]),
      error: InvalidInputError,
      message: /^Invalid targetLengths\.data\[0\]: expected a target length in \[0, 2\] \(the target's padded length\), received 3$/,
    },
    {
      name: 'a negative target length',
      prediction,
      target,
      inputs: lengths([2, 2], [2, -1]),
      error: InvalidInputError,
      message: /^Invalid targetLengths\.data\[1\]: expected a target length in \[0, 2\]/,
    },
    {
      name: 'the blank inside a target',
      prediction,
      target: { data: Int32Array.of(1, 0, 2, 0), dims: [2, 2] },
      inputs: good,
      error: InvalidInputError,
      message: /^Invalid target\.data\[1\]: expected a label in \[0, 2\] other than the blank 0 \(sample 0 has 2 labels\), received 0$/,
    },
    {
      name: 'a label past the last class',
      prediction,
      target: { data: Int32Array.of(1, 2, 3, 0), dims: [2, 2] },
      inputs: good,
      error: InvalidInputError,
      message: /^Invalid target\.data\[2\]: expected a label in \[0, 2\] other than the blank 0 .*received 3$/,
    },
    {
      name: 'a blank that is not a class',
      options: { blank: 3 },
      prediction,
      target,
      inputs: good,
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected more than 3 classes along axis 2 \(the blank is class 3\), received 3 classes$/,
    },
    { name: 'a negative blank', options: { blank: -1 }, error: InvalidOptionError, message: /ctc\.blank/ },
    { name: 'a fractional blank', options: { blank: 1.5 }, error: InvalidOptionError, message: /ctc\.blank/ },
    { name: 'zeroInfinity not a boolean', options: { zeroInfinity: 'yes' }, error: InvalidOptionError, message: /ctc\.zeroInfinity/ },
    { name: 'an unknown option', options: { zero_infinity: true }, error: InvalidOptionError, message: /ctc\.zero_infinity/ },
  ],
  random: [
    {
      // Log-probability-like values; CTC is smooth everywhere, so no finite difference sits on a kink.
      name: 'per-sample lengths',
      dims: [[5, 2, 4]],
      prediction: { min: -3, max: 0 },
      inputDims: () => ({ target: [2, 2] }),
      target: (random, dims) => Array.from({ length: dims[0]! * dims[1]! }, () => 1 + Math.floor(random() * 3)),
      inputs: {
        inputLengths: () => [5, 4],
        targetLengths: (random) => [Math.floor(random() * 3), Math.floor(random() * 3)],
      },
    },
    {
      // Sample 1 has 2 labels for 1 frame: zeroInfinity makes its loss and gradient 0.
      name: 'blank 2, zeroInfinity, an impossible alignment',
      options: { blank: 2, zeroInfinity: true },
      dims: [[4, 3, 3]],
      prediction: { min: -3, max: 0 },
      inputDims: () => ({ target: [3, 2] }),
      target: (random, dims) => Array.from({ length: dims[0]! * dims[1]! }, () => Math.floor(random() * 2)),
      inputs: { inputLengths: () => [4, 1, 3], targetLengths: () => [2, 2, 1] },
    },
  ],
});
