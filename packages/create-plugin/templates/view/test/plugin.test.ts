// {{pluginName}} through LossTester: hand-computed values, refused inputs and options, and the
// automatic random checks (graph vs the float64 reference, gradients vs finite differences), on
// every provider installed here (Node's cpu and webgpu; Chromium's wasm and webgpu).
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { mse } from '@losskit/loss-mse';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { {{factoryName}} } from '../src/index.js';

// dims [1, 3, 2] (N, C, W): channels [1, 2], [3, 4], [5, 6]; their means [3, 4]; the target is 0.
const prediction = { data: [1, 2, 3, 4, 5, 6], dims: [1, 3, 2] };
const target = { data: [0, 0, 0, 0, 0, 0], dims: [1, 3, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('{{pluginName}}', {{factoryName}}, {
  valid: [
    // l1 of the means: |3| + |4| = 7; each prediction value moves its mean by 1/3.
    { name: 'sum with l1: 3 + 4 = 7', prediction, target, reduction: 'sum', expected: 7, gradient: [1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3] },
    { name: 'none with l1: [3, 4]', prediction, target, reduction: 'none', expected: [3, 4] },
    // mse of the means: 9 + 16 = 25; d/dp = 2 * mean / 3 = [2, 8/3] per position.
    {
      name: 'sum with mse: 9 + 16 = 25',
      options: { distance: mse() },
      prediction,
      target,
      reduction: 'sum',
      expected: 25,
      gradient: [2, 8 / 3, 2, 8 / 3, 2, 8 / 3],
    },
  ],
  invalid: [
    {
      name: 'a channel axis beyond the rank',
      options: { channelAxis: 3 },
      prediction,
      target,
      error: InvalidInputError,
      message: /^Invalid prediction\.dims: expected a channel axis 3 \({{pluginName}}\.channelAxis\), received \[1, 3, 2\], which has no axis 3$/,
    },
    { name: 'a factory as distance', options: { distance: mse }, error: InvalidOptionError, message: /call the factory/ },
  ],
  random: { dims: [[2, 3, 4, 4]], seed: 1 },
});
