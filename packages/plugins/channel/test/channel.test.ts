// channel() through LossTester on every provider: hand-computed values for each color, indices
// beyond blue, NCHW, NHWC and other axes, mse and bce as distances (bce's clamp and closed-form
// gradient survive the selection), every bad input and option, and random checks.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { l1 } from '@losskit/loss-l1';
import { mse } from '@losskit/loss-mse';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { channel } from '../src/index';

// Two pixels in NCHW [1, 3, 1, 2], laid out R0 R1 G0 G1 B0 B1.
const prediction = { data: [0.2, 0.9, 1, 1, 0, 0], dims: [1, 3, 1, 2] };
const target = { data: [0.5, 0.4, 0.25, 0.5, 1, 1], dims: [1, 3, 1, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('channel', channel, {
  valid: [
    {
      // Red: |0.2 - 0.5| = 0.3, |0.9 - 0.4| = 0.5. Gradient of the sum: sign on red, 0 elsewhere.
      name: 'hand computed none, red (default), NCHW: [0.3, 0.5] with the channel axis removed',
      prediction,
      target,
      reduction: 'none',
      expected: [0.3, 0.5],
      gradient: [-1, 1, 0, 0, 0, 0],
    },
    { name: 'hand computed mean, red: (0.3 + 0.5) / 2', prediction, target, expected: 0.4 },
    {
      // Green: |1 - 0.25| = 0.75, |1 - 0.5| = 0.5.
      name: 'green: (0.75 + 0.5) / 2',
      options: { channel: 'green' },
      prediction,
      target,
      expected: 0.625,
      gradient: [0, 0, 0.5, 0.5, 0, 0],
    },
    {
      // Blue: |0 - 1| = 1 twice.
      name: 'blue: (1 + 1) / 2',
      options: { channel: 'blue' },
      prediction,
      target,
      expected: 1,
      gradient: [0, 0, 0, 0, -0.5, -0.5],
    },
    {
      name: 'colors other than the selected one are free: same red, any green and blue gives 0',
      prediction: { data: [0.2, 0.9, 1, 0, 0, 1], dims: [1, 3, 1, 2] },
      target: { data: [0.2, 0.9, 0, 1, 1, 0], dims: [1, 3, 1, 2] },
      expected: 0,
    },
    {
      // RGBA, index 3 (alpha): |0.9 - 0.4| = 0.5.
      name: 'index 3 selects alpha of an RGBA tensor',
      options: { channel: 3 },
      prediction: { data: [0.1, 0.2, 0.3, 0.9], dims: [1, 4, 1, 1] },
      target: { data: [0, 0, 0, 0.4], dims: [1, 4, 1, 1] },
      expected: 0.5,
      gradient: [0, 0, 0, 1],
    },
    {
      // NHWC [2, 3], blue is the last value of each pixel: |0.25 - 0.75| + |1 - 0.5| = 1.
      name: 'blue in NHWC (channelAxis -1): sum 0.5 + 0.5',
      options: { channel: 'blue', channelAxis: -1 },
      prediction: { data: [0, 0, 0.25, 1, 1, 1], dims: [2, 3] },
      target: { data: [1, 1, 0.75, 0, 0, 0.5], dims: [2, 3] },
      reduction: 'sum',
      expected: 1,
      gradient: [0, 0, -1, 0, 0, 1],
    },
    {
      // [3, 2] channels first: green is the second row, |0.5 - 0| + |0 - 0.25| = 0.75.
      name: 'green with channelAxis 0 on [3, 2]: sum 0.5 + 0.25',
      options: { channel: 'green', channelAxis: 0 },
      prediction: { data: [1, 1, 0.5, 0, 1, 1], dims: [3, 2] },
      target: { data: [0, 0, 0, 0.25, 0, 0], dims: [3, 2] },
      reduction: 'sum',
      expected: 0.75,
    },
    {
      // Two one-pixel images with red errors 0.5 and 0.25, weights [2, 0]: sum_by_nonzero_weights
      // = (2 * 0.5 + 0 * 0.25) / 1.
      name: 'weights over the batch, sum_by_nonzero_weights',
      prediction: { data: [0.5, 0, 0, 0.25, 0, 0], dims: [2, 3, 1, 1] },
      target: { data: [0, 1, 1, 0, 1, 1], dims: [2, 3, 1, 1] },
      weights: { data: [2, 0], dims: [2, 1, 1] },
      reduction: 'sum_by_nonzero_weights',
      expected: 1,
    },
    {
      // Red squared errors 0.09 and 0.25, mean 0.17; gradient 2 (p - t) / 2 on red.
      name: 'mse() as the distance: (0.09 + 0.25) / 2',
      options: { distance: mse() },
      prediction,
      target,
      expected: 0.17,
      gradient: [-0.3, 0.5, 0, 0, 0, 0],
    },
    {
      // Red 0.9 vs 1: -(1 * log 0.9) = 0.10536051565782628; gradient (p - y) / (p (1 - p)) = -1 / 0.9.
      name: 'bce() as the distance on red',
      options: { distance: bce() },
      prediction: { data: [0.9, 0.5, 0.5], dims: [1, 3] },
      target: { data: [1, 0, 0], dims: [1, 3] },
      expected: 0.10536051565782628,
      gradient: [-1 / 0.9, 0, 0],
    },
    {
      // Red 0 vs 1: PyTorch's clamp gives 100 and its backward (0 - 1) / 1e-12 on red.
      name: 'bce() as the distance keeps its clamp and closed-form gradient: red 0 vs 1 gives 100',
      options: { distance: bce() },
      prediction: { data: [0, 0.5, 0.5], dims: [1, 3] },
      target: { data: [1, 0, 0], dims: [1, 3] },
      expected: 100,
      gradient: [-1e12, 0, 0],
    },
  ],
  invalid: [
    {
      name: 'blue of a two-channel tensor',
      options: { channel: 'blue' },
      prediction: { data: [0, 0], dims: [1, 2, 1, 1] },
      target: { data: [0, 0], dims: [1, 2, 1, 1] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected at least 3 channels on axis 1 \(channel\.channelAxis\) to select channel 2 \(blue\), received \[1, 2, 1, 1\], with 2 on axis 1$/,
    },
    {
      name: 'an index beyond the channels',
      options: { channel: 4 },
      prediction: { data: [0, 0, 0, 0], dims: [1, 4, 1, 1] },
      target: { data: [0, 0, 0, 0], dims: [1, 4, 1, 1] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected at least 5 channels on axis 1 \(channel\.channelAxis\) to select channel 4, received \[1, 4, 1, 1\], with 4 on axis 1$/,
    },
    {
      name: 'a channel axis the tensor does not have',
      options: { channelAxis: 2 },
      prediction: { data: [0, 0, 0], dims: [1, 3] },
      target: { data: [0, 0, 0], dims: [1, 3] },
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected at least 1 channel on axis 2 \(channel\.channelAxis\) to select channel 0 \(red\), received \[1, 3\], which has no axis 2$/,
    },
    {
      name: 'bce as the distance with a red target above 1',
      options: { distance: bce() },
      prediction: { data: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], dims: [1, 3, 1, 2] },
      target: { data: [0, 2, 0, 0, 0, 0], dims: [1, 3, 1, 2] },
      error: InvalidInputError,
      message: /^Invalid channel\(target\)\.data\[1\]: expected a target in \[0, 1\], received 2\. channel applies bce to channel 0 \(red\) alone, the channel axis removed$/,
    },
    {
      name: 'bce as the distance with a green probability above 1',
      options: { distance: bce(), channel: 'green' },
      prediction: { data: [0.5, 1.5, 0.5], dims: [1, 3] },
      target: { data: [0, 1, 1], dims: [1, 3] },
      error: InvalidInputError,
      message: /^Invalid channel\(prediction\)\.data\[0\]: expected a probability in \[0, 1\].*received 1\.5\. channel applies bce to channel 1 \(green\) alone/,
    },
    {
      name: 'an unknown color',
      options: { channel: 'alpha' },
      error: InvalidOptionError,
      message: /^Invalid option channel\.channel: expected "red", "green", "blue" or a channel index \(an integer >= 0\), received "alpha"$/,
    },
    {
      name: 'a negative index',
      options: { channel: -1 },
      error: InvalidOptionError,
      message: /^Invalid option channel\.channel: expected "red", "green", "blue" or a channel index \(an integer >= 0\), received -1$/,
    },
    {
      name: 'a fractional index',
      options: { channel: 1.5 },
      error: InvalidOptionError,
      message: /^Invalid option channel\.channel: expected .*, received 1\.5$/,
    },
    {
      name: 'the factory l1 instead of the plugin l1()',
      options: { distance: l1 },
      error: InvalidOptionError,
      message: /^Invalid option channel\.distance: expected a loss plugin such as l1\(\) \(call the factory\), received the factory l1 itself$/,
    },
    {
      name: 'a plugin name instead of a plugin',
      options: { distance: 'mse' },
      error: InvalidOptionError,
      message: /^Invalid option channel\.distance: expected a loss plugin such as l1\(\) or mse\(\), received "mse"$/,
    },
    {
      name: 'a channel axis that is not an integer',
      options: { channelAxis: 'last' },
      error: InvalidOptionError,
      message: /^Invalid option channel\.channelAxis: expected an integer, received "last"$/,
    },
    {
      name: 'an unknown option',
      options: { color: 'red' },
      error: InvalidOptionError,
      message: /^Invalid option channel\.color: expected a known option \(one of channel, distance, channelAxis\), received unknown option "color"$/,
    },
  ],
  random: [
    { name: 'red, NCHW, l1', dims: [[2, 3, 4, 5]], seed: 1 },
    { name: 'channelAxis 0', options: { channel: 'blue', channelAxis: 0 }, dims: [[3, 4], [3]], seed: 2 },
    { name: 'green, NHWC, mse', options: { channel: 'green', distance: mse(), channelAxis: -1 }, dims: [[2, 4, 5, 3]], seed: 3 },
    { name: 'alpha (index 3) of RGBA', options: { channel: 3 }, dims: [[2, 4, 3, 3]], seed: 4 },
    {
      name: 'bce on probabilities',
      options: { channel: 'blue', distance: bce() },
      dims: [[2, 3, 4, 5]],
      seed: 5,
      prediction: { min: 0.02, max: 0.98 },
      target: { binary: true },
    },
    {
      name: 'bce on logits',
      options: { distance: bce({ fromLogits: true }) },
      dims: [[2, 3, 4, 5]],
      seed: 6,
      prediction: { min: -8, max: 8 },
      target: { min: 0, max: 1 },
    },
  ],
});
