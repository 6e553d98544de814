import { describe, expect, it } from 'vitest';
import { convAutoencoder, createRandom, fanIn, kaimingUniformBound, mulberry32, deriveSeed } from '../src/index';
import { parameter } from './support/reference';

function stats(data: Float32Array): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let sq = 0;
  let maxAbs = 0;
  for (const v of data) {
    sum += v;
    sq += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / data.length;
  return { mean, variance: sq / data.length - mean * mean, maxAbs };
}

describe('initialisation', () => {
  it('computes fan-in like PyTorch for Conv, ConvTranspose and Linear weights', () => {
    expect(fanIn([16, 3, 4, 4])).toBe(48); // Conv2d(3, 16, 4): in * k * k
    expect(fanIn([64, 32, 4, 4])).toBe(512); // ConvTranspose2d(64, 32, 4): weight [in, out, k, k], fan-in out * k * k
    expect(fanIn([64, 1024])).toBe(1024); // Linear(1024, 64)
    // Kaiming-uniform with a = sqrt(5): gain sqrt(2 / 6), bound gain * sqrt(3 / fan) = 1 / sqrt(fan).
    expect(kaimingUniformBound(48)).toBeCloseTo(1 / Math.sqrt(48), 12);
    // With a = 0 (plain He init for ReLU): sqrt(6 / fan).
    expect(kaimingUniformBound(48, 0)).toBeCloseTo(Math.sqrt(6 / 48), 12);
  });

  it('draws each parameter uniformly within ±1/sqrt(fan-in): bound, mean and variance', () => {
    const model = convAutoencoder({ seed: 11 });
    const fans: Record<string, number> = {
      'encoder.0': 3 * 16,
      'encoder.1': 16 * 16,
      'encoder.code': 32 * 9,
      'decoder.code': 6 * 9,
      'decoder.0': 32 * 9,
      'decoder.1': 16 * 9,
    };
    for (const [layer, fan] of Object.entries(fans)) {
      const bound = 1 / Math.sqrt(fan);
      for (const kind of ['weight', 'bias']) {
        const { data } = parameter(model, `${layer}.${kind}`);
        const s = stats(data);
        expect(s.maxAbs, `${layer}.${kind}`).toBeLessThanOrEqual(bound);
        if (data.length >= 1000) {
          // Uniform(-b, b): mean 0, variance b^2 / 3; the sample maximum comes close to b.
          const se = bound / Math.sqrt(3 * data.length);
          expect(Math.abs(s.mean), `${layer}.${kind} mean`).toBeLessThan(5 * se);
          expect(s.variance / (bound * bound / 3), `${layer}.${kind} variance`).toBeGreaterThan(0.9);
          expect(s.variance / (bound * bound / 3), `${layer}.${kind} variance`).toBeLessThan(1.1);
          expect(s.maxAbs / bound).toBeGreaterThan(0.99);
        }
      }
    }
  });
});

describe('random', () => {
  it('mulberry32 is uniform in [0, 1) and repeatable', () => {
    const next = mulberry32(42);
    const values = Array.from({ length: 100_000 }, () => next());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // Ten equal bins hold about a tenth each.
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)]!++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    const again = mulberry32(42);
    expect(Array.from({ length: 5 }, () => again())).toEqual(values.slice(0, 5));
    const other = mulberry32(43);
    expect(other()).not.toBe(values[0]);
  });

  it('normal samples have mean 0 and variance 1; shuffle permutes', () => {
    const random = createRandom(7);
    const xs = Array.from({ length: 50_000 }, () => random.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = createRandom(1).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect(shuffled.toSorted((a, b) => a - b)).toEqual(items);
  });

  it('derives distinct seeds for distinct streams', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(0, i)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(0, 1));
  });
});
