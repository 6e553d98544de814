// Contract v2 through computeLoss and loss sessions: class-index targets given as Int32Array,
// BigInt64Array or plain integers, extra inputs with their own gradients, a loss with no input
// but the prediction (a regularizer), and bad calls that leave the cached sessions usable. Expected values are computed by hand in the comments.
import { InvalidInputError } from '@losskit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLoss, createLossSession, releaseAll } from '@losskit/runtime';
import { nodeWebGpu } from './support/providers';
import { gap, pick, square } from './support/v2-plugins';

afterAll(() => releaseAll());

const logits = { data: [1, 2, 3, 4, 5, 6], dims: [2, 3] };
const webgpu = await nodeWebGpu();
const providers = webgpu.available ? (['cpu', 'webgpu'] as const) : (['cpu'] as const);

describe.each(providers)('class-index targets on %s', (provider) => {
  it('takes Int32Array, BigInt64Array and plain integers alike', async () => {
    // Rows pick classes 2 and 0: -(3 + 4) / 2 = -3.5; gradient -1/2 at (0, 2) and (1, 0).
    for (const data of [Int32Array.of(2, 0), BigInt64Array.of(2n, 0n), [2, 0]]) {
      const r = await computeLoss(pick(), { prediction: logits, target: { data, dims: [2] } }, { gradient: true, provider });
      expect(r.loss).toBe(-3.5);
      expect(Array.from(r.gradient!, (v) => v + 0)).toEqual([0, 0, -0.5, -0.5, 0, 0]);
      expect(Object.keys(r.gradients!)).toEqual(['prediction']);
      expect(r.provider).toBe(provider);
    }
  });

  it('refuses an out-of-range index and a float target before running, and stays usable', async () => {
    const session = await createLossSession(pick(), { provider });
    const prediction = { data: Float32Array.from(logits.data), dims: [2, 3] };
    await expect(session.run({ prediction, target: { data: Int32Array.of(0, 3), dims: [2] } })).rejects.toThrowError(
      'Invalid target.data[1]: expected a class index in [0, 2], received 3',
    );
    await expect(session.run({ prediction, target: { data: Float32Array.of(0, 1), dims: [2] } })).rejects.toThrowError(/"target" takes integer values/);
    await expect(computeLoss(pick(), { prediction: logits, target: [0, 1.5] }, { provider })).rejects.toThrowError(
      'Invalid target.data[1]: expected an integer, received 1.5',
    );
    const ok = await session.run({ prediction, target: { data: BigInt64Array.of(1n, 2n), dims: [2] } });
    // -(2 + 6) / 2 = -4.
    expect(Array.from(ok.loss)).toEqual([-4]);
    await session.release();
  });
});

describe.each(providers)('extra inputs on %s', (provider) => {
  it('returns one gradient per differentiable input', async () => {
    const r = await computeLoss(gap(), { prediction: [1, 2], positive: [5, 7], negative: [-1, 4] }, { gradient: true, reduction: 'sum', provider });
    // (1 - 5 - 3) + (4 - 7 + 12) = 2; d/dp = 2p; d/dpositive = -1; d/dnegative = 3.
    expect(r.loss).toBe(2);
    expect(Array.from(r.gradients!.prediction!)).toEqual([2, 4]);
    expect(Array.from(r.gradients!.positive!)).toEqual([-1, -1]);
    expect(Array.from(r.gradients!.negative!)).toEqual([3, 3]);
    expect(r.gradient).toBe(r.gradients!.prediction);
  });

  it('names a missing or misspelled input', async () => {
    await expect(computeLoss(gap(), { prediction: [1, 2], positive: [5, 7] }, { provider })).rejects.toThrowError(InvalidInputError);
    await expect(computeLoss(gap(), { prediction: [1, 2], positive: [5, 7], negative: [1, 1], negatve: [1, 1] }, { provider })).rejects.toThrowError(
      /received an input "negatve"/,
    );
  });
});

describe.each(providers)('a loss without a target (inputs: {}) on %s', (provider) => {
  it('runs on the prediction alone, with weights and a gradient', async () => {
    const r = await computeLoss(square(), { prediction: [1, 2, 3] }, { gradient: true, reduction: 'sum', provider });
    // 1 + 4 + 9 = 14; d/dp = 2p.
    expect(r.loss).toBe(14);
    expect(Array.from(r.gradient!)).toEqual([2, 4, 6]);
    expect(Object.keys(r.gradients!)).toEqual(['prediction']);
    // 0.5 · 1 + 2 · 4 + 0 · 9 = 8.5.
    const weighted = await computeLoss(square(), { prediction: [1, 2, 3], weights: [0.5, 2, 0] }, { reduction: 'sum', provider });
    expect(weighted.loss).toBe(8.5);
  });

  it('takes { prediction } in a session and refuses a target, staying usable', async () => {
    const session = await createLossSession(square(), { provider, reduction: 'mean' });
    const prediction = { data: Float32Array.of(3, 4), dims: [2] };
    await expect(session.run({ prediction, target: { data: Float32Array.of(0, 0), dims: [2] } })).rejects.toThrowError(
      /^Invalid inputs: expected only the inputs square takes: prediction, weights, received an input "target"/,
    );
    // (9 + 16) / 2 = 12.5.
    expect(Array.from((await session.run({ prediction })).loss)).toEqual([12.5]);
    await session.release();
  });
});
