// The gradient at a zero prediction: Keras 3 floors the norm at 1e-7 before dividing, so the
// gradient there is finite, -normalize(t) / 1e-7 (Keras 3.15.1 gave NaN; fixed in #23093). The
// floor acts within 1e-7 of 0, below the finite-difference step of LossTester's reference check,
// so this case runs here, on Node's CPU and WebGPU providers.
import { computeLoss, releaseAll } from '@losskit/runtime';
import { afterAll, expect, it } from 'vitest';
import { cosineSimilarity } from '../src/index';

afterAll(releaseAll);

it.each(['cpu', 'webgpu'] as const)('a zero prediction gets the finite gradient -t/|t| / 1e-7 on %s', async (provider) => {
  // Row 0: p = 0, t = [3, 4]: gradient -[0.6, 0.8] / 1e-7. Row 1: p parallel to t, gradient 0.
  const { loss, gradient, provider: ran } = await computeLoss(
    cosineSimilarity(),
    { prediction: { data: [0, 0, 1, 2], dims: [2, 2] }, target: { data: [3, 4, 2, 4], dims: [2, 2] } },
    { reduction: 'none', gradient: true, provider },
  );
  expect(ran).toBe(provider);
  expect(Array.from(loss as Float32Array)).toEqual([expect.closeTo(0, 6), expect.closeTo(-1, 6)]);
  const expected = [-6e6, -8e6, 0, 0];
  gradient!.forEach((g, i) => expect(Math.abs(g - expected[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i]!))));
});
