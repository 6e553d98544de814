// The bench's TensorFlow.js SSIM computes the SSIM that ssim() computes: its value matches
// loss-ssim's float64 reference (written from the formula, independently of either graph), on
// tfjs-backend-cpu, and its gradient matches central finite differences of that reference.
import { ssim, ssimReferenceMaps } from '@losskit/loss-ssim';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomArray } from '../src/loss-bench';
import { tfjsSsimLoss } from '../src/ssim-bench';
import { tf, tfjsValueAndGrad, useBackend } from '../src/tfjs';

const DIMS = [1, 2, 14, 13];
// ssim()'s defaults, which the port hard-codes.
const SETTINGS = ssim().options;

function referenceLoss(prediction: Float64Array, target: Float64Array): number {
  const { ssim: map } = ssimReferenceMaps({ data: prediction, dims: DIMS }, { data: target, dims: DIMS }, SETTINGS);
  return 1 - map.data.reduce((a, b) => a + b, 0) / map.data.length;
}

describe("the bench's TensorFlow.js SSIM", () => {
  beforeAll(() => useBackend('cpu'));
  const size = DIMS.reduce((a, b) => a * b, 1);
  const target = randomArray(size, 11);
  const prediction = randomArray(size, 12).map((u, i) => 0.7 * target[i]! + 0.3 * u);

  it('has the value and gradient of the float64 SSIM', () => {
    const { value, gradient } = tfjsValueAndGrad(tfjsSsimLoss, { data: prediction, dims: DIMS }, { data: target, dims: DIMS });
    const p = Float64Array.from(prediction);
    const t = Float64Array.from(target);
    expect(value).toBeCloseTo(referenceLoss(p, t), 5);
    for (const i of [0, 17, 100, size - 1]) {
      const h = 1e-4;
      const up = Float64Array.from(p);
      const down = Float64Array.from(p);
      up[i]! += h;
      down[i]! -= h;
      expect(gradient[i]).toBeCloseTo((referenceLoss(up, t) - referenceLoss(down, t)) / (2 * h), 5);
    }
    expect(tf.memory().numTensors).toBe(0);
  });
});
