import { describe, expect, it } from 'vitest';
import { COLLAPSE_RATIO, EXPERIMENT_LOSS_WINDOWS, EXPERIMENT_SCHEDULE, experimentSchedule, hasCollapsed, trainingLossEnds } from '../src/index';

/** Four 3x2x2 images with value(image, index) at each of their 12 values. */
function image(value: (i: number, j: number) => number) {
  return { data: Float32Array.from({ length: 4 * 12 }, (_, k) => value(Math.floor(k / 12), k % 12)), dims: [4, 3, 2, 2] };
}

describe('hasCollapsed', () => {
  const originals = image((i, j) => ((i * 7 + j * 3) % 10) / 10);

  it('flags a loss that stayed near its start, or is not finite', () => {
    expect(hasCollapsed(0.3, 0.29, originals, originals)).toBe(true);
    expect(hasCollapsed(0.69, 0.5, originals, originals)).toBe(false);
    expect(hasCollapsed(0.3, COLLAPSE_RATIO * 0.3 * 1.01, originals, originals)).toBe(true);
    expect(hasCollapsed(0.3, COLLAPSE_RATIO * 0.3 * 0.99, originals, originals)).toBe(false);
    expect(hasCollapsed(0.3, Number.NaN, originals, originals)).toBe(true);
    expect(hasCollapsed(0.3, Number.POSITIVE_INFINITY, originals, originals)).toBe(true);
  });

  it('flags an output that is the same image whatever the input', () => {
    expect(hasCollapsed(0.3, 0.05, image((_, j) => j / 12), originals)).toBe(true);
    // A tenth of the originals' spread is the line: a fifth of it is still a result.
    expect(hasCollapsed(0.3, 0.05, image((i, j) => 0.5 + 0.2 * (((i * 7 + j * 3) % 10) / 10 - 0.5)), originals)).toBe(false);
    expect(hasCollapsed(0.3, 0.05, originals, originals)).toBe(false);
  });
});

describe('experimentSchedule', () => {
  it("gives warmupCosine the demos' warm-up (at most the run) and final fraction", () => {
    expect(EXPERIMENT_SCHEDULE).toEqual({ warmup: 20, final: 0.05 });
    expect(experimentSchedule(500, 0.01)).toEqual({ lr: 0.01, steps: 500, warmup: 20, final: 0.05 });
    expect(experimentSchedule(12, 0.01)).toEqual({ lr: 0.01, steps: 12, warmup: 12, final: 0.05 });
  });
});

describe('trainingLossEnds', () => {
  it('averages the first 5 and the last 20 steps of a run that read every loss', () => {
    expect(EXPERIMENT_LOSS_WINDOWS).toEqual({ initial: 5, final: 20 });
    // Step s has loss s: the first five average 3, the last twenty of 100 (81..100) 90.5.
    const losses = Array.from({ length: 100 }, (_, i) => [i + 1, i + 1] as const);
    expect(trainingLossEnds(losses, 100)).toEqual({ initial: 3, final: 90.5 });
  });

  it('takes the steps whose loss was read, where a run read only some', () => {
    // Read at steps 1, 5, 10, ..., 40 (as the web demo does on WebGPU): 1 and 5 are initial, 25..40 final.
    const losses = [1, 5, 10, 15, 20, 25, 30, 35, 40].map((s) => [s, s * 2] as const);
    expect(trainingLossEnds(losses, 40)).toEqual({ initial: 6, final: 65 });
  });

  it('is NaN where no loss was read', () => {
    expect(trainingLossEnds([], 10).final).toBeNaN();
  });
});
