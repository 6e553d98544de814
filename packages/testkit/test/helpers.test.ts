// The helpers plugin authors use in their own tests, checked against values computed by hand.
import { defineLossPlugin, option } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import {
  checkGradient,
  checkPluginMetadata,
  finiteDifferences,
  generateValues,
  generateWeights,
  maxRelativeError,
  referenceGradient,
  sameBits,
  seededRandom,
} from '../src/index';
import { sampleIndices } from '../src/random';
import { l1 } from './support/plugins';

describe('finiteDifferences', () => {
  it('matches the derivative of a smooth function: d/dx (x0^3 + 2 x0 x1) = (3 x0^2 + 2 x1, 2 x0)', () => {
    const fd = finiteDifferences((x) => x[0]! ** 3 + 2 * x[0]! * x[1]!, [1.5, -2]);
    expect(fd.value).toBeCloseTo(1.5 ** 3 - 6, 12);
    expect(fd.derivatives[0]).toBeCloseTo(3 * 1.5 ** 2 - 4, 8);
    expect(fd.derivatives[1]).toBeCloseTo(3, 8);
    expect(fd.smooth).toEqual([true, true]);
  });

  it('flags elements next to a kink: |x| at 0 and at 1e-7, not at 1e-3', () => {
    const fd = finiteDifferences((x) => Math.abs(x[0]!) + Math.abs(x[1]!) + Math.abs(x[2]!), [0, 1e-7, 1e-3]);
    expect(fd.smooth).toEqual([false, false, true]);
    expect(fd.derivatives[2]).toBeCloseTo(1, 9);
  });

  it('differentiates only the chosen indices', () => {
    const fd = finiteDifferences((x) => x.reduce((a, b) => a + b * b, 0), [1, 2, 3, 4], { indices: [1, 3] });
    expect(fd.indices).toEqual([1, 3]);
    expect(Array.from(fd.derivatives, (d) => Number(d.toFixed(6)))).toEqual([4, 8]);
  });

  it('referenceGradient differentiates the reduced reference: l1 mean of [1, 2, 3, 4] vs [0, 0, 0, 5] is (1, 1, 1, -1) / 4', () => {
    const inputs = { prediction: { data: [1, 2, 3, 4], dims: [4] }, target: { data: [0, 0, 0, 5], dims: [4] } };
    const fd = referenceGradient(l1(), inputs, 'mean');
    expect(Array.from(fd.derivatives, (d) => Number(d.toFixed(8)))).toEqual([0.25, 0.25, 0.25, -0.25]);
    const weighted = referenceGradient(l1(), { ...inputs, weights: { data: [2, 0, 1, 1], dims: [4] } }, 'weighted_mean');
    expect(Array.from(weighted.derivatives, (d) => Number(d.toFixed(8)))).toEqual([0.5, 0, 0.25, -0.25]);
  });
});

describe('checkGradient', () => {
  const fd = { value: 0, indices: [0, 1, 2, 3], derivatives: Float64Array.of(0.5, -0.25, 0, 1), smooth: [true, true, true, true] };

  it('measures the error relative to the largest finite difference', () => {
    expect(() => checkGradient('g', [0.50005, -0.25, 0, 1], fd, 1e-4)).not.toThrow();
    expect(() => checkGradient('g', [0.5002, -0.25, 0, 1], fd, 1e-4)).toThrow(/^g: max \|g - fd\| \/ max\|fd\| = 2\.00e-4 exceeds 1e-4 \(at prediction\[0\]/);
  });

  it('ignores kinks, but not more than a quarter of the elements', () => {
    expect(() => checkGradient('g', [9, -0.25, 0, 1], { ...fd, smooth: [false, true, true, true] }, 1e-4)).not.toThrow();
    expect(() => checkGradient('g', [9, 9, 0, 1], { ...fd, smooth: [false, false, true, true] }, 1e-4)).toThrow(/2 of 4 sampled elements sit at kinks/);
  });

  it('compares an all-zero gradient in absolute terms', () => {
    const zero = { ...fd, derivatives: new Float64Array(4) };
    expect(() => checkGradient('g', [0, 0, 0, 0], zero, 1e-4)).not.toThrow();
    expect(() => checkGradient('g', [0, 1e-11, 0, 0], zero, 1e-4)).not.toThrow();
    expect(() => checkGradient('g', [0, 1e-6, 0, 0], zero, 1e-4)).toThrow(/= 1\.00e\+0 exceeds/);
  });
});

describe('random inputs', () => {
  it('seededRandom repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(seededRandom(8)()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('generateValues draws ranges, binary labels, or calls a generator', () => {
    const values = generateValues({ min: 0.1, max: 0.2 }, seededRandom(1), [50]);
    expect(values).toBeInstanceOf(Float32Array);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...values)).toBeLessThan(0.2);
    expect(new Set(generateValues({ binary: true }, seededRandom(1), [50]))).toEqual(new Set([0, 1]));
    expect(Array.from(generateValues((_, dims) => [dims[0]!, 2], seededRandom(1), [2]))).toEqual([2, 2]);
    expect(() => generateValues(() => [1], seededRandom(1), [2])).toThrow(/returned 1 values for dims \[2\], expected 2/);
  });

  it('generateWeights: [n, 1, ...] and full-shape weights with some zeros', () => {
    const broadcast = generateWeights('broadcast', [4, 3, 2], seededRandom(1))!;
    expect(broadcast.dims).toEqual([4, 1, 1]);
    expect(Array.from(broadcast.data, (w) => w === 0)).toEqual([false, true, false, false]);
    const full = generateWeights('full', [2, 3], seededRandom(1))!;
    expect(full.dims).toEqual([2, 3]);
    expect(Array.from(full.data, (w) => w === 0)).toEqual([false, true, false, false, false, true]);
    expect(generateWeights('broadcast', [7], seededRandom(1))!.dims).toEqual([1]);
    expect(generateWeights('broadcast', [7], seededRandom(1))!.data[0]).toBeGreaterThan(0);
    expect(generateWeights('none', [7], seededRandom(1))).toBeUndefined();
  });

  it('sampleIndices keeps the ends and picks distinct sorted indices', () => {
    expect(sampleIndices(5, 10, seededRandom(1))).toEqual([0, 1, 2, 3, 4]);
    const picked = sampleIndices(1000, 20, seededRandom(1));
    expect(picked).toHaveLength(20);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(999);
    expect(picked).toEqual([...new Set(picked)].toSorted((a, b) => a - b));
  });
});

describe('comparisons', () => {
  it('maxRelativeError is absolute below 1 and relative above', () => {
    expect(maxRelativeError([0.1 + 1e-6], [0.1])).toBeCloseTo(1e-6, 12);
    expect(maxRelativeError([100.001], [100])).toBeCloseTo(1e-5, 10);
    expect(maxRelativeError([1, 2], [1])).toBe(Number.POSITIVE_INFINITY);
    expect(maxRelativeError([Number.NaN], [1])).toBe(Number.POSITIVE_INFINITY);
  });

  it('maxRelativeError matches an expected infinity or NaN only with the same value', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(maxRelativeError([2, inf, Number.NaN], [2, inf, Number.NaN])).toBe(0);
    expect(maxRelativeError([1e30], [inf])).toBe(inf);
    expect(maxRelativeError([-inf], [inf])).toBe(inf);
    expect(maxRelativeError([inf], [1])).toBe(inf);
    expect(maxRelativeError([0], [Number.NaN])).toBe(inf);
  });

  it('sameBits tells -0 from 0', () => {
    expect(sameBits(Float32Array.of(1, 0), Float32Array.of(1, 0))).toBe(true);
    expect(sameBits(Float32Array.of(1, 0), Float32Array.of(1, -0))).toBe(false);
  });
});

function make(name: string, description: string, docs?: string) {
  return defineLossPlugin({ name, description, ...(docs ? { docs } : {}), options: {}, create: () => l1() });
}

describe('checkPluginMetadata', () => {
  it('accepts a documented plugin named like its package', () => {
    const plugin = make('my-loss', 'Measures something useful.', 'https://example.org/my-loss');
    expect(() => checkPluginMetadata(plugin, { name: '@losskit/loss-my-loss' })).not.toThrow();
    expect(() => checkPluginMetadata(plugin, { name: '@acme/losskit-loss-my-loss' })).not.toThrow();
  });

  it('makes the plugin with the options given, for a plugin with required options', () => {
    const required = defineLossPlugin({
      name: 'needs-scale',
      description: 'Measures something at a scale.',
      docs: 'https://example.org/needs-scale',
      options: { scale: option.required(option.number({ description: 'A scale.', default: 1 })) },
      create: () => l1(),
    });
    expect(() => checkPluginMetadata(required, { name: '@losskit/loss-needs-scale' })).toThrow(/needs-scale\.scale/);
    expect(() => checkPluginMetadata(required, { name: '@losskit/loss-needs-scale' }, { scale: 2 })).not.toThrow();
  });

  it('names what is wrong', () => {
    const good = 'Measures something useful.';
    expect(() => checkPluginMetadata(make('l2', good, 'https://x.org'), { name: '@losskit/loss-l1' })).toThrow(/named "l2" but its package "@losskit\/loss-l1"/);
    expect(() => checkPluginMetadata(make('l1', good, 'https://x.org'), { name: 'l1-loss' })).toThrow(/package name "l1-loss"/);
    expect(() => checkPluginMetadata(make('l1', good, 'https://x.org'), { name: 'losskit-plugin-l1' })).toThrow(/"losskit-plugin-l1" does not follow/);
    expect(() => checkPluginMetadata(make('l1', good, 'https://x.org'), { name: '@losskit/loss-l1', keywords: ['loss'] })).toThrow(/keywords should include "losskit-plugin"/);
    expect(() => checkPluginMetadata(make('l1', good, 'https://x.org'), { name: '@losskit/loss-l1', keywords: ['losskit-plugin'] })).not.toThrow();
    expect(() => checkPluginMetadata(make('l1', 'todo', 'https://x.org'), { name: '@losskit/loss-l1' })).toThrow(/description should be a sentence/);
    expect(() => checkPluginMetadata(make('l1', good), { name: '@losskit/loss-l1' })).toThrow(/docs should be an https link/);
    expect(() => checkPluginMetadata(make('l1', good, 'http://x.org'), { name: '@losskit/loss-l1' })).toThrow(/docs should be an https link/);
  });
});
