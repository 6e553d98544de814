// warmupCosine against values worked out by hand from its formula, and its refusals.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { warmupCosine } from '../src/index';

/** The decay factor at progress `p` with final 0.1, from the formula. */
const cosine = (p: number) => 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p));

describe('warmupCosine', () => {
  it('warms up linearly, then follows a half cosine down to final * lr', () => {
    // warmup 2 of 6 steps: 1/2 and 2/2 of lr, then p = 1/4, 2/4, 3/4, 4/4 of the cosine.
    const schedule = warmupCosine({ lr: 2, steps: 6, warmup: 2, final: 0.1 });
    const expected = [1, 2, 2 * cosine(0.25), 2 * cosine(0.5), 2 * cosine(0.75), 0.2];
    // cos(π/4) = √2/2: step 3 is 2 · (0.1 + 0.45 · (1 + 0.70711)) = 1.73640.
    expect(expected[2]).toBeCloseTo(1.7364, 4);
    expect(expected[3]).toBeCloseTo(1.1, 12);
    const actual = [1, 2, 3, 4, 5, 6].map(schedule);
    actual.forEach((value, i) => expect(value, `step ${i + 1}`).toBeCloseTo(expected[i]!, 12));
  });

  it('stays at final * lr after the last step, and has no warm-up by default', () => {
    const schedule = warmupCosine({ lr: 0.01, steps: 4 });
    // p = 1/4 at the first step: 0.01 · (1 + cos(π/4)) / 2.
    expect(schedule(1)).toBeCloseTo(0.01 * 0.5 * (1 + Math.SQRT1_2), 12);
    expect(schedule(4)).toBe(0);
    expect(schedule(9)).toBe(0);
  });

  it("gives the node demo's schedule: 20 warm-up steps, decay to 5 % over 800", () => {
    const schedule = warmupCosine({ lr: 7.5e-3, steps: 800, warmup: 20, final: 0.05 });
    expect(schedule(1)).toBeCloseTo(7.5e-3 / 20, 15);
    expect(schedule(20)).toBeCloseTo(7.5e-3, 15);
    // Half-way through the decay (step 20 + 390): 0.05 + 0.95 / 2 of lr.
    expect(schedule(410)).toBeCloseTo(7.5e-3 * 0.525, 15);
    expect(schedule(800)).toBeCloseTo(7.5e-3 * 0.05, 15);
  });

  it('refuses bad options and steps by name', () => {
    expect(() => warmupCosine({ steps: 10 } as never)).toThrow(InvalidOptionError);
    expect(() => warmupCosine({ steps: 10 } as never)).toThrow(/warmupCosine\.lr/);
    expect(() => warmupCosine({ lr: 0.1, steps: 2.5 })).toThrow(/warmupCosine\.steps/);
    expect(() => warmupCosine({ lr: 0.1, steps: 10, final: 2 })).toThrow(/warmupCosine\.final/);
    expect(() => warmupCosine({ lr: 0.1, steps: 10, warmup: 11 })).toThrow('Invalid option warmupCosine.warmup: expected at most steps (10), received 11');
    const schedule = warmupCosine({ lr: 0.1, steps: 10 });
    expect(() => schedule(0)).toThrow(InvalidInputError);
    expect(() => schedule(Number.NaN)).toThrow(/step/);
  });
});
