import { describe, expect, it } from 'vitest';
import { exampleImages, runExample } from '../src/example';

describe('the L1 example', () => {
  it('agrees with the hand-computed loss on cpu', async () => {
    // |x/31 - y/31| averaged over a 32x32 grid: Σ_x Σ_y |x - y| / (31 * 32 * 32).
    // Σ_{x,y in 0..31} |x - y| = 2 * Σ_{d=1}^{31} d * (32 - d) = 2 * 5456 = 10912.
    const expected = 10912 / (31 * 32 * 32);
    const { rows } = await runExample('cpu');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.provider).toBe('cpu');
    expect(Math.abs(rows[0]!.loss - expected)).toBeLessThan(1e-6);
    // The reference is float64 arithmetic on float32-rounded inputs, hence a few 1e-9 off.
    expect(Math.abs(rows[0]!.reference - expected)).toBeLessThan(1e-8);
    // Mean reduction: every gradient entry is ±1/6144 (or 0 where x = y), so |g| = sqrt(count)/6144.
    const { prediction, target } = exampleImages();
    const nonzero = prediction.filter((p, i) => p !== target[i]).length;
    const expectedNorm = Math.sqrt(nonzero) / 6144;
    expect(Math.abs(rows[0]!.gradientNorm - expectedNorm) / expectedNorm).toBeLessThan(1e-6);
  });
});
