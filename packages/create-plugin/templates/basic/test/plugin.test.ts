// {{pluginName}} through LossTester: hand-computed values, refused options, and the automatic
// random checks (graph vs the float64 reference, gradients vs finite differences), on every
// provider installed here (Node's cpu and webgpu; Chromium's wasm and webgpu).
//
// Expected values follow PyTorch's torch.nn.HuberLoss: l = 0.5 d^2 if |d| < delta, else
// delta (|d| - 0.5 delta), with d = prediction - target; each is computed by hand beside it.
import { InvalidOptionError } from '@losskit/core';
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { {{factoryName}} } from '../src/index.js';

// d = 0, 0.5, 2, -3
const prediction = { data: [0, 0.5, 2, -3], dims: [2, 2] };
const target = { data: [0, 0, 0, 0], dims: [2, 2] };

new LossTester({ describe, it, beforeAll, afterAll }).run('{{pluginName}}', {{factoryName}}, {
  valid: [
    // delta 1: 0, 0.125, 1 (2 - 0.5) = 1.5, 1 (3 - 0.5) = 2.5; d/dp = d inside, delta sign(d) outside.
    { name: 'sum, delta 1: 0 + 0.125 + 1.5 + 2.5 = 4.125', prediction, target, reduction: 'sum', expected: 4.125, gradient: [0, 0.5, 1, -1] },
    { name: 'mean, delta 1: 4.125 / 4 = 1.03125', prediction, target, expected: 1.03125, gradient: [0, 0.125, 0.25, -0.25] },
    // delta 2.5: 0, 0.125, 0.5 * 4 = 2, 2.5 (3 - 1.25) = 4.375
    { name: 'none, delta 2.5: [0, 0.125, 2, 4.375]', options: { delta: 2.5 }, prediction, target, reduction: 'none', expected: [0, 0.125, 2, 4.375] },
  ],
  invalid: [
    { name: 'delta 0', options: { delta: 0 }, error: InvalidOptionError, message: /^Invalid option {{pluginName}}\.delta: expected a finite number > 0, received 0$/ },
    { name: 'unknown option', options: { beta: 1 }, error: InvalidOptionError, message: /{{pluginName}}\.beta/ },
  ],
  random: { dims: [[2, 3, 4]], seed: 1, prediction: { min: -3, max: 3 }, target: { min: -3, max: 3 } },
});
