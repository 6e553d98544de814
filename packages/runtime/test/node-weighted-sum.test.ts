// A combined loss (weightedSum of @losskit/core) through loss sessions and computeLoss in Node:
// the loss, the parts' values and the one gradient, on every Node provider that runs here.
// Expected values: each part's own float64 reference (referenceLoss with 'mean'), combined by
// the arithmetic written out below, and the gradient of that sum by hand.
import { referenceLoss, weightedSum } from '@losskit/core';
import { type ProviderName, computeLoss, createLossSession, releaseAll } from '@losskit/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { maxRelativeError, seeded } from './support/cases';
import { l1 } from './support/l1-plugin';
import { mse } from './support/mse-plugin';
import { nodeWebGpu } from './support/providers';

const TOLERANCE: Record<string, number> = { cpu: 1e-6, webgpu: 1e-5 };
const webgpu = await nodeWebGpu();

const dims = [2, 3, 4];
const n = 24;
const prediction = { data: Float32Array.from(seeded(n, 5)), dims };
const target = { data: Float32Array.from(seeded(n, 6)), dims };
const l1Mean = referenceLoss(l1(), { prediction, target }).data[0]!;
const mseMean = referenceLoss(mse(), { prediction, target }).data[0]!;
// d/dp (0.25 mean|d| + 0.75 mean d²) = 0.25 sign(d) / n + 0.75 · 2d / n, d = p - t.
const expectedGradient = Array.from(prediction.data, (p, i) => {
  const d = p - target.data[i]!;
  return (0.25 * Math.sign(d)) / n + (0.75 * 2 * d) / n;
});

afterAll(() => releaseAll());

for (const provider of ['cpu', 'webgpu'] as ProviderName[]) {
  const skip = provider === 'webgpu' && !webgpu.available;
  describe.skipIf(skip)(`[node:${provider}] weightedSum${skip ? ` (skipped: ${webgpu.reason})` : ''}`, () => {
    it(`[node:${provider}] gives Σ w · mean, each part's mean and one gradient`, async () => {
      const session = await createLossSession(weightedSum([[0.25, l1()], [0.75, mse()]]), { provider, gradient: true });
      const result = await session.run({ prediction, target });
      await session.release();
      expect(result.provider).toBe(provider);
      expect(result.lossDims).toEqual([]);
      expect(maxRelativeError(result.loss, [0.25 * l1Mean + 0.75 * mseMean])).toBeLessThanOrEqual(TOLERANCE[provider]!);
      expect(Object.keys(result.parts!)).toEqual(['l1', 'mse']);
      expect(maxRelativeError([result.parts!.l1!, result.parts!.mse!], [l1Mean, mseMean])).toBeLessThanOrEqual(TOLERANCE[provider]!);
      expect(maxRelativeError(result.gradient!, expectedGradient)).toBeLessThanOrEqual(TOLERANCE[provider]!);
    });

    it(`[node:${provider}] computeLoss reports the parts of repeated plugins under name#2, unweighted`, async () => {
      // 2 · mean|d| + 0.5 · mean|d| with a scalar sample weight 3: 3 · 2.5 · mean|d|; the parts stay mean|d|.
      const { loss, parts } = await computeLoss(weightedSum([[2, l1()], [0.5, l1()]]), { prediction, target, weights: 3 }, { provider, reduction: 'none' });
      expect(maxRelativeError(loss as Float32Array, [7.5 * l1Mean])).toBeLessThanOrEqual(TOLERANCE[provider]!);
      expect(maxRelativeError([parts!.l1!, parts!['l1#2']!], [l1Mean, l1Mean])).toBeLessThanOrEqual(TOLERANCE[provider]!);
      const plain = await computeLoss(l1(), { prediction, target }, { provider });
      expect(plain).not.toHaveProperty('parts');
    });
  });
}
