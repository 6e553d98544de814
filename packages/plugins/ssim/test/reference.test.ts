// The float64 reference against scikit-image: the mean SSIM of each image that
// `structural_similarity(..., gaussian_weights=True, use_sample_covariance=False, channel_axis=0)`
// reported when the fixtures were written (their "skimage" field) is the mean of the reference's
// map over that image's channels and positions, to float64 rounding (1e-10).
import { readFileSync } from 'node:fs';
import type { TensorCase, ValidCase } from '@losskit/testkit';
import { expect, it } from 'vitest';
import { ssim, ssimReferenceMaps } from '../src/index';

type Fixture = ValidCase<Record<string, number>> & { readonly skimage?: readonly number[] };
const { cases } = JSON.parse(readFileSync(new URL('./fixtures/pytorch.json', import.meta.url), 'utf8')) as { cases: Fixture[] };
const withSkimage = cases.filter((c) => c.skimage !== undefined);
const float64 = (t: TensorCase) => ({ data: Float64Array.from(t.data as ArrayLike<number>), dims: t.dims });

it('the fixtures hold scikit-image values for several option sets', () => {
  expect(new Set(withSkimage.map((c) => JSON.stringify(c.options))).size).toBeGreaterThanOrEqual(2);
});

it.each(withSkimage.map((c) => [c.name, c] as const))('%s: per-image mean SSIM equals scikit-image', (_, c) => {
  const { ssim: map } = ssimReferenceMaps(float64(c.prediction), float64(c.target!), ssim(c.options).options);
  const perImage = map.data.length / map.dims[0]!;
  c.skimage!.forEach((value, n) => {
    const mean = map.data.subarray(n * perImage, (n + 1) * perImage).reduce((a, b) => a + b, 0) / perImage;
    // float64 rounding of E[x²] - μx²: about 1e-16 of E[x²], so 1e-12 for values near 100.
    expect(Math.abs(mean - value)).toBeLessThan(1e-10);
  });
});
