// The demo's rows beyond the seed experiment: `a+b` names a weightedSum of the named losses
// (weights 1 or as written), and the held-out SSIM column is the float64 mean SSIM, checked on
// images whose SSIM follows from the formula by hand.
import type { ModuleImporter } from '@losskit/cli';
import { InvalidOptionError, type WeightedSumOptions } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { lossByName } from '../src/losses';
import { meanSsim } from '../src/metrics';

// Inside vitest, plugins load through Vite (TypeScript sources).
const importer: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

describe('sums of losses', () => {
  it('read a + b as weightedSum, each part weighted 1 or as written', async () => {
    const plain = await lossByName('l1+ssim', importer);
    expect(plain.name).toBe('weighted-sum');
    expect((plain.options as WeightedSumOptions).parts.map(([w, p]) => [w, p.name])).toEqual([
      [1, 'l1'],
      [1, 'ssim'],
    ]);
    const zhao = await lossByName('0.16*l1 + 0.84*ssim', importer);
    expect((zhao.options as WeightedSumOptions).parts.map(([w, p]) => [w, p.name])).toEqual([
      [0.16, 'l1'],
      [0.84, 'ssim'],
    ]);
    const channels = await lossByName('red+.5*blue', importer);
    // channel() resolves its channel to an index: red 0, blue 2.
    expect((channels.options as WeightedSumOptions).parts.map(([w, p]) => [w, p.name, (p.options as { channel: number }).channel])).toEqual([
      [1, 'channel', 0],
      [0.5, 'channel', 2],
    ]);
  });

  it('refuse a term with two weights', async () => {
    await expect(lossByName('2*3*l1+ssim', importer)).rejects.toThrow(InvalidOptionError);
    await expect(lossByName('2*3*l1+ssim', importer)).rejects.toThrow(/--losses.*0\.84\*ssim.*"2\*3\*l1"/);
  });
});

describe('the held-out SSIM', () => {
  const constant = (value: number, size = 12) => ({ data: new Float32Array(3 * size * size).fill(value), dims: [1, 3, size, size] });

  it('is 1 for a perfect copy', () => {
    const image = { data: Float32Array.from({ length: 3 * 16 * 16 }, (_, i) => (i * 37) % 101 / 100), dims: [1, 3, 16, 16] };
    expect(meanSsim(image, image)).toBeCloseTo(1, 12);
  });

  it('is (2ab + C1) / (a² + b² + C1) for constant images a and b, with predictions clamped to [0, 1]', () => {
    // No variance, so the structure term is C2 / C2 = 1; C1 = (0.01 · 1)².
    const c1 = 1e-4;
    expect(meanSsim(constant(0.5), constant(0.25))).toBeCloseTo((2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1), 6);
    expect(meanSsim(constant(0.5), constant(1.5))).toBeCloseTo((2 * 0.5 * 1 + c1) / (0.25 + 1 + c1), 6);
  });

  it('is NaN for images smaller than the 11-pixel window', () => {
    expect(meanSsim(constant(0.5, 8), constant(0.5, 8))).toBeNaN();
  });
});
