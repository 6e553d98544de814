// luma() through LossTester on every provider: hand-computed luma values for NCHW, NHWC and other
// axes, custom coefficients, mse and bce as distances (bce's clamped value and closed-form
// gradient survive the composition), every bad input and option, and random checks.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { l1 } from '@losskit/loss-l1';
import { mse } from '@losskit/loss-mse';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { luma } from '../src/index';

// Two pixels in NCHW [1, 3, 1, 2], laid out R0 R1 G0 G1 B0 B1: pure red and pure green.
const redAndGreen = { data: [1, 0, 0, 1, 0, 0], dims: [1, 3, 1, 2] };
const black = { data: [0, 0, 0, 0, 0, 0], dims: [1, 3, 1, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('luma', luma, {
  valid: [
    {
      // BT.601 luma: red 0.299 * 1 = 0.299, green 0.587 * 1 = 0.587; black 0. L1 per pixel.
      // Gradient of the sum: sign(Y_p - Y_t) = 1 times each channel's coefficient.
      name: 'hand computed none, NCHW, BT.601: [0.299, 0.587] with the channel axis removed',
      prediction: redAndGreen,
      target: black,
      reduction: 'none',
      expected: [0.299, 0.587],
      gradient: [0.299, 0.299, 0.587, 0.587, 0.114, 0.114],
    },
    { name: 'hand computed mean: (0.299 + 0.587) / 2', prediction: redAndGreen, target: black, expected: 0.443 },
    {
      // Gray (0.299, 0.299, 0.299) has luma 0.299 (1.0 * 0.299) like pure red; gray 0.587 like pure green.
      name: 'colors are free: pure red vs gray of the same luma gives 0',
      prediction: redAndGreen,
      target: { data: [0.299, 0.587, 0.299, 0.587, 0.299, 0.587], dims: [1, 3, 1, 2] },
      reduction: 'none',
      expected: [0, 0],
    },
    {
      // NHWC [2, 3]: white has BT.709 luma 0.2126 + 0.7152 + 0.0722 = 1; blue 0.0722. Mean over 2 pixels.
      name: 'BT.709, NHWC (channelAxis -1): (1 + 0.0722) / 2',
      options: { coefficients: 'bt709', channelAxis: -1 },
      prediction: { data: [1, 1, 1, 0, 0, 1], dims: [2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3] },
      expected: 0.5361,
      gradient: [0.1063, 0.3576, 0.0361, 0.1063, 0.3576, 0.0361],
    },
    {
      // Channels first without a batch axis, [3, 2]: Y0 = 0.5 (0.299 + 0.587 + 0.114), Y1 = 0.114.
      name: 'channelAxis 0 on [3, 2]: sum 0.5 + 0.114',
      options: { channelAxis: 0 },
      prediction: { data: [0.5, 0, 0.5, 0, 0.5, 1], dims: [3, 2] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [3, 2] },
      reduction: 'sum',
      expected: 0.614,
    },
    {
      // [1, 1, 2, 3] with channelAxis 3: red 0.299, blue 0.114.
      name: 'channelAxis 3 (the last axis, counted from the front): sum 0.299 + 0.114',
      options: { channelAxis: 3 },
      prediction: { data: [1, 0, 0, 0, 0, 1], dims: [1, 1, 2, 3] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [1, 1, 2, 3] },
      reduction: 'sum',
      expected: 0.413,
    },
    {
      // [1, 0, 0] keeps red alone: |0.25 - 0.75| = 0.5, whatever green and blue do.
      name: 'custom coefficients [1, 0, 0] compare red only',
      options: { coefficients: [1, 0, 0] },
      prediction: { data: [0.25, 1, 1], dims: [1, 3] },
      target: { data: [0.75, 0, 0], dims: [1, 3] },
      expected: 0.5,
      gradient: [-1, 0, 0],
    },
    {
      // Two one-pixel images, red (Y 0.299) and blue (Y 0.114), weights [1, 3] over the batch:
      // (1 * 0.299 + 3 * 0.114) / (1 + 3) = 0.641 / 4.
      name: 'weights over the batch of the luma loss, weighted_mean',
      prediction: { data: [1, 0, 0, 0, 0, 1], dims: [2, 3, 1, 1] },
      target: { data: [0, 0, 0, 0, 0, 0], dims: [2, 3, 1, 1] },
      weights: { data: [1, 3], dims: [2, 1, 1] },
      reduction: 'weighted_mean',
      expected: 0.16025,
    },
    {
      // mse of the luma: 0.299^2 = 0.089401; gradient 2 * 0.299 * (0.299, 0.587, 0.114).
      name: 'mse() as the distance',
      options: { distance: mse() },
      prediction: { data: [1, 0, 0], dims: [1, 3] },
      target: { data: [0, 0, 0], dims: [1, 3] },
      expected: 0.089401,
      gradient: [0.178802, 0.351026, 0.068172],
    },
    {
      // Gray 0.5 vs white: Y 0.5 vs 1, -(1 * log 0.5) = log 2. bce's gradient (p - y) / (p (1 - p))
      // = -0.5 / 0.25 = -2, times each coefficient.
      name: 'bce() as the distance: gray 0.5 vs white gives log 2',
      options: { distance: bce() },
      prediction: { data: [0.5, 0.5, 0.5], dims: [1, 3] },
      target: { data: [1, 1, 1], dims: [1, 3] },
      expected: Math.LN2,
      gradient: [-2 * 0.299, -2 * 0.587, -2 * 0.114],
    },
    {
      // Black vs white: Y 0 vs 1, PyTorch's clamp gives 100 and its backward (0 - 1) / 1e-12;
      // finite only because luma keeps bce's closed-form gradient.
      name: 'bce() as the distance keeps its clamp and closed-form gradient: black vs white gives 100',
      options: { distance: bce() },
      prediction: { data: [0, 0, 0], dims: [1, 3] },
      target: { data: [1, 1, 1], dims: [1, 3] },
      expected: 100,
      gradient: [-0.299e12, -0.587e12, -0.114e12],
    },
  ],
  invalid: [
    {
      name: 'four channels on the channel axis',
      prediction: { data: [0, 0, 0, 0], dims: [1, 4, 1, 1] },
      target: { data: [0, 0, 0, 0], dims: [1, 4, 1, 1] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected exactly 3 channels \(R, G, B\) on axis 1 \(luma\.channelAxis\), received \[1, 4, 1, 1\], with 4 on axis 1$/,
    },
    {
      name: 'NHWC images with the default NCHW axis',
      prediction: { data: new Array(12).fill(0), dims: [1, 2, 2, 3] },
      target: { data: new Array(12).fill(0), dims: [1, 2, 2, 3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected exactly 3 channels \(R, G, B\) on axis 1 \(luma\.channelAxis\), received \[1, 2, 2, 3\], with 2 on axis 1$/,
    },
    {
      name: 'a channel axis the tensor does not have',
      options: { channelAxis: 4 },
      prediction: { data: new Array(12).fill(0), dims: [1, 3, 2, 2] },
      target: { data: new Array(12).fill(0), dims: [1, 3, 2, 2] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected exactly 3 channels \(R, G, B\) on axis 4 \(luma\.channelAxis\), received \[1, 3, 2, 2\], which has no axis 4$/,
    },
    {
      name: 'a negative channel axis beyond the rank',
      options: { channelAxis: -3 },
      prediction: { data: [0, 0, 0], dims: [1, 3] },
      target: { data: [0, 0, 0], dims: [1, 3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected exactly 3 channels .* on axis -3 \(luma\.channelAxis\), received \[1, 3\], which has no axis -3$/,
    },
    {
      name: 'bce as the distance with a target luma above 1',
      options: { distance: bce() },
      prediction: { data: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], dims: [1, 3, 1, 2] },
      target: { data: [0, 2, 0, 2, 0, 2], dims: [1, 3, 1, 2] },
      error: InvalidInputError,
      message: /^Invalid luma\(target\)\.data\[1\]: expected a target in \[0, 1\], received 2\. luma applies bce to Y = r R \+ g G \+ b B, the channel axis removed$/,
    },
    {
      name: 'bce as the distance with a prediction luma below 0',
      options: { distance: bce(), coefficients: [1, 0, 0] },
      prediction: { data: [-0.5, 0.5, 0.5], dims: [1, 3] },
      target: { data: [0, 1, 1], dims: [1, 3] },
      error: InvalidInputError,
      message: /^Invalid luma\(prediction\)\.data\[0\]: expected a probability in \[0, 1\].*received -0\.5\./,
    },
    {
      name: 'an unknown coefficient standard',
      options: { coefficients: 'bt2020' },
      error: InvalidOptionError,
      message: /^Invalid option luma\.coefficients: expected "bt601", "bt709" or three finite numbers \[r, g, b\], received "bt2020"$/,
    },
    {
      name: 'two coefficients',
      options: { coefficients: [0.3, 0.6] },
      error: InvalidOptionError,
      message: /^Invalid option luma\.coefficients: expected "bt601", "bt709" or three finite numbers \[r, g, b\], received \[0\.3, 0\.6\]$/,
    },
    {
      name: 'a non-finite coefficient',
      options: { coefficients: [0.3, Number.NaN, 0.1] },
      error: InvalidOptionError,
      message: /^Invalid option luma\.coefficients: expected .*, received \[0\.3, NaN, 0\.1\]$/,
    },
    {
      name: 'the factory l1 instead of the plugin l1()',
      options: { distance: l1 },
      error: InvalidOptionError,
      message: /^Invalid option luma\.distance: expected a loss plugin such as l1\(\) \(call the factory\), received the factory l1 itself$/,
    },
    {
      name: 'the factory mse instead of mse()',
      options: { distance: mse },
      error: InvalidOptionError,
      message: /^Invalid option luma\.distance: expected a loss plugin such as mse\(\) \(call the factory\), received the factory mse itself$/,
    },
    {
      name: 'a plugin name instead of a plugin',
      options: { distance: 'l1' },
      error: InvalidOptionError,
      message: /^Invalid option luma\.distance: expected a loss plugin such as l1\(\) or mse\(\), received "l1"$/,
    },
    {
      name: 'a fractional channel axis',
      options: { channelAxis: 1.5 },
      error: InvalidOptionError,
      message: /^Invalid option luma\.channelAxis: expected an integer, received 1\.5$/,
    },
    {
      name: 'an unknown option',
      options: { axis: 1 },
      error: InvalidOptionError,
      message: /^Invalid option luma\.axis: expected a known option \(one of coefficients, distance, channelAxis\), received unknown option "axis"$/,
    },
  ],
  random: [
    { name: 'NCHW, BT.601, l1', dims: [[2, 3, 4, 5]], seed: 1 },
    { name: 'channelAxis 0', options: { channelAxis: 0 }, dims: [[3, 4], [3]], seed: 2 },
    {
      name: 'NHWC, BT.709, mse',
      options: { coefficients: 'bt709', distance: mse(), channelAxis: -1 },
      dims: [[2, 4, 5, 3]],
      seed: 3,
    },
    {
      name: 'custom coefficients',
      options: { coefficients: [0.5, -0.25, 1.5] },
      dims: [[2, 3, 4, 5]],
      seed: 4,
    },
    {
      name: 'bce on probabilities',
      options: { distance: bce() },
      dims: [[2, 3, 4, 5]],
      seed: 5,
      prediction: { min: 0.02, max: 0.98 },
      target: { min: 0, max: 1 },
    },
    {
      name: 'bce on logits',
      options: { distance: bce({ fromLogits: true }) },
      dims: [[2, 3, 4, 5]],
      seed: 6,
      prediction: { min: -5, max: 5 },
      target: { min: 0, max: 1 },
    },
  ],
});
