// l1 through LossTester: hand-computed values, refused inputs and options, and the automatic
// random checks (graph vs float64 reference, gradients vs finite differences, determinism),
// on every provider present (node cpu/webgpu, Chromium wasm/webgpu).
//
// The expected values follow PyTorch's definition of torch.nn.L1Loss
// (https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html): l_n = |x_n - y_n|, and
// reduction 'mean' = mean over all elements, 'sum' = sum, 'none' = the elementwise loss. Its
// documentation gives no numeric examples (they use torch.randn), so every value below is
// computed by hand in the comment beside it.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { l1 } from '../src/index';

// |p - t| = |1 - 0|, |2 - 0|, |3 - 0|, |4 - 5| = 1, 2, 3, 1
const prediction = { data: [1, 2, 3, 4], dims: [2, 2] };
const target = { data: [0, 0, 0, 5], dims: [2, 2] };
// Full-shape weights 0, 1, 2, 0.5: w * l = 0, 2, 6, 0.5; Σ w*l = 8.5, Σ w = 3.5, 3 nonzero.
const fullWeights = { data: [0, 1, 2, 0.5], dims: [2, 2] };
// One weight per row, broadcast over columns: w = 0.5, 0.5, 2, 2; w * l = 0.5, 1, 6, 2; Σ w*l = 9.5, Σ w = 5.
const rowWeights = { data: [0.5, 2], dims: [2, 1] };

new LossTester({ describe, it, beforeAll, afterAll }).run('l1', l1, {
  valid: [
    // d/dp mean|p - t| = sign(p - t) / 4
    { name: 'mean: (1 + 2 + 3 + 1) / 4 = 1.75', prediction, target, reduction: 'mean', expected: 1.75, gradient: [0.25, 0.25, 0.25, -0.25] },
    { name: 'sum: 1 + 2 + 3 + 1 = 7', prediction, target, reduction: 'sum', expected: 7, gradient: [1, 1, 1, -1] },
    { name: 'none: [1, 2, 3, 1]', prediction, target, reduction: 'none', expected: [1, 2, 3, 1] },
    { name: 'none with full weights: [0, 2, 6, 0.5]', prediction, target, weights: fullWeights, reduction: 'none', expected: [0, 2, 6, 0.5] },
    { name: 'sum with full weights: 8.5', prediction, target, weights: fullWeights, reduction: 'sum', expected: 8.5 },
    { name: 'mean with full weights (PyTorch): 8.5 / 4 = 2.125', prediction, target, weights: fullWeights, reduction: 'mean', expected: 2.125 },
    {
      // d/dp = w * sign(p - t) / Σw = [0, 1, 2, -0.5] / 3.5
      name: 'weighted_mean with full weights (TF.js MEAN): 8.5 / 3.5 = 2.4285714',
      prediction,
      target,
      weights: fullWeights,
      reduction: 'weighted_mean',
      expected: 8.5 / 3.5,
      gradient: [0, 1 / 3.5, 2 / 3.5, -0.5 / 3.5],
    },
    { name: 'sum_by_nonzero_weights with full weights: 8.5 / 3 = 2.8333333', prediction, target, weights: fullWeights, reduction: 'sum_by_nonzero_weights', expected: 8.5 / 3 },
    { name: 'weighted_mean with row weights [2, 1]: 9.5 / 5 = 1.9', prediction, target, weights: rowWeights, reduction: 'weighted_mean', expected: 1.9 },
    { name: 'mean with row weights [2, 1]: 9.5 / 4 = 2.375', prediction, target, weights: rowWeights, reduction: 'mean', expected: 2.375 },
    {
      name: 'Float32Array data, rank 3: |0.5 - 0| + |-0.25 - 0.25| + |2 - 2| over 3 = 1 / 3',
      prediction: { data: Float32Array.of(0.5, -0.25, 2), dims: [1, 1, 3] },
      target: { data: Float32Array.of(0, 0.25, 2), dims: [1, 1, 3] },
      expected: 1 / 3,
    },
    {
      // PyTorch's L1 gradient at p = t is sign(0) = 0.
      name: 'equal inputs: loss 0, gradient 0',
      prediction: { data: [0.5, -2], dims: [2] },
      target: { data: [0.5, -2], dims: [2] },
      reduction: 'sum',
      expected: 0,
      gradient: [0, 0],
    },
  ],
  invalid: [
    { name: 'target dims differ from the prediction', prediction, target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] }, error: InvalidInputError, message: /^Invalid target\.dims: expected \[2, 2\] \(the prediction's dims\), received \[2, 3\]\. The prediction dims \[2, 2\] and target dims \[2, 3\] differ at axis 1$/ },
    { name: 'data length does not match dims', prediction: { data: [1, 2, 3], dims: [2, 2] }, target, error: InvalidInputError, message: /^Invalid prediction\.data: expected 4 values for dims \[2, 2\], received 3 values$/ },
    { name: 'weights that do not broadcast to the loss', prediction, target, weights: { data: [1, 1, 1], dims: [3] }, error: InvalidInputError, message: /^Invalid weights\.dims: expected dims that broadcast to the elementwise loss shape \[2, 2\], received \[3\]$/ },
    { name: 'unknown reduction', prediction, target, reduction: 'avg', error: InvalidOptionError, message: /^Invalid option createLossSession.reduction: expected one of "none", "sum", "mean", "weighted_mean", "sum_by_nonzero_weights", received "avg"$/ },
    { name: 'unknown option', options: { foo: 1 }, error: InvalidOptionError, message: /^Invalid option l1\.foo: expected a known option \(no options\), received unknown option "foo"$/ },
    { name: 'options that are not an object', options: 'fast', error: InvalidOptionError, message: /^Invalid option l1 options: expected an object or undefined/ },
    { name: 'Float64Array data', prediction: { data: Float64Array.of(1, 2, 3, 4), dims: [2, 2] }, target, error: InvalidInputError, message: /^Invalid prediction\.data: expected a Float32Array, received Float64Array\(4\)$/ },
    { name: 'NaN in the prediction', prediction: { data: [1, 2, Number.NaN, 4], dims: [2, 2] }, target, error: InvalidInputError, message: /^Invalid prediction\.data\[2\]: expected a finite number, received NaN$/ },
    { name: 'Infinity in the target', prediction, target: { data: [0, Number.POSITIVE_INFINITY, 0, 5], dims: [2, 2] }, error: InvalidInputError, message: /^Invalid target\.data\[1\]: expected a finite number, received Infinity$/ },
  ],
  random: { dims: [[2, 3, 4, 5], [7]], seed: 1, prediction: { min: -1, max: 1 }, target: { min: -1, max: 1 } },
});
