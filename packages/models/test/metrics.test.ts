import { describe, expect, it } from 'vitest';
import { reconstructionMetrics } from '../src/metrics';

describe('reconstructionMetrics', () => {
  it('matches a hand computation on one 1x2 image', () => {
    // Two pixels, NCHW: r = [1, 0], g = [0, 0], b = [0.5, 0.5]; prediction off by +0.1 in red only,
    // and 1.2 in green on the second pixel (clamped to 1).
    const original = Float32Array.of(1, 0, 0, 0, 0.5, 0.5);
    const predicted = Float32Array.of(1, 0.1, 0, 1.2, 0.5, 0.5);
    const m = reconstructionMetrics(original, predicted, [1, 3, 1, 2]);
    // Red: |1-1| = 0 (clamped prediction 1), |0.1-0| = 0.1 -> 0.05; green: 0 and 1 -> 0.5; blue 0.
    expect(m.mae.r).toBeCloseTo(0.05, 6);
    expect(m.mae.g).toBeCloseTo(0.5, 6);
    expect(m.mae.b).toBe(0);
    // Luma differences: pixel 1: 0; pixel 2: 0.299*0.1 + 0.587*1 = 0.6169 -> mean 0.30845.
    expect(m.lumaMae).toBeCloseTo(0.30845, 6);
    // MSE over 6 values: (0.01 + 1) / 6; PSNR = 10 log10(1 / MSE).
    expect(m.psnr).toBeCloseTo(10 * Math.log10(6 / 1.01), 5);
  });
});
