// computeLoss: one call, plain or typed arrays, sessions cached behind it, against float64
// values computed here by hand (L1: mean |p - t|, gradient sign(p - t) / n).
import { InvalidInputError, InvalidOptionError, ReleasedError } from '@losskit/core';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLoss, createLossSession, createModelSession, releaseAll } from '@losskit/runtime';
import { l1 } from './support/l1-plugin';

const p = [0.2, 0.9, 0.4, 0.1];
const t = [0, 1, 0.5, 0];
const MEAN = (0.2 + 0.1 + 0.1 + 0.1) / 4;

afterAll(() => releaseAll());

describe('computeLoss', () => {
  it('takes plain arrays and returns a number', async () => {
    const { loss, gradient, provider } = await computeLoss(l1(), { prediction: p, target: t }, { provider: 'cpu' });
    expect(loss).toBeCloseTo(MEAN, 6);
    expect(gradient).toBeUndefined();
    expect(provider).toBe('cpu');
  });

  it('takes typed arrays, { data, dims } and nested arrays alike, and gives the gradient', async () => {
    const expected = p.map((v, i) => Math.sign(v - t[i]!) / 4);
    for (const [prediction, target] of [
      [Float32Array.from(p), Float32Array.from(t)],
      [{ data: p, dims: [1, 1, 2, 2] }, { data: t, dims: [1, 1, 2, 2] }],
      [[[0.2, 0.9], [0.4, 0.1]], [[0, 1], [0.5, 0]]],
    ] as const) {
      const result = await computeLoss(l1(), { prediction, target }, { gradient: true, provider: 'cpu' });
      expect(result.loss).toBeCloseTo(MEAN, 6);
      expect(Array.from(result.gradient!)).toEqual(expected.map((v) => Math.fround(v)));
    }
  });

  it("gives the elementwise values with reduction 'none', weighted", async () => {
    const { loss } = await computeLoss(l1(), { prediction: p, target: t, weights: [1, 2, 0, 1] }, { reduction: 'none', provider: 'cpu' });
    expect(loss).toBeInstanceOf(Float32Array);
    [0.2, 0.2, 0, 0.1].forEach((v, i) => expect(Math.abs((loss as Float32Array)[i]! - v)).toBeLessThan(1e-6));
  });

  it('checks its arguments like a session, naming them', async () => {
    await expect(computeLoss(l1(), { prediction: [[1, 2], [3]], target: t })).rejects.toThrowError(InvalidInputError);
    await expect(computeLoss(l1(), { prediction: p, target: t }, { reduce: 'sum' } as never)).rejects.toThrowError(
      /^Invalid option computeLoss.reduce: expected a known option/,
    );
    await expect(computeLoss(l1(), { prediction: p, target: [1, 2] })).rejects.toThrowError(/target/);
    await expect(computeLoss(l1 as never, { prediction: p, target: t })).rejects.toThrowError(/did you pass the factory l1/);
    await expect(computeLoss(l1(), { prediction: p, target: t }, { provider: 'tpu' as never })).rejects.toThrowError(InvalidOptionError);
  });

  it('keeps working after releaseAll (sessions are made again)', async () => {
    await releaseAll();
    const { loss } = await computeLoss(l1(), { prediction: p, target: t }, { provider: 'cpu' });
    expect(loss).toBeCloseTo(MEAN, 6);
  });
});

describe('await using', () => {
  it('releases a loss session and a model session at the end of the scope', async () => {
    let escaped: Awaited<ReturnType<typeof createLossSession>> | undefined;
    {
      await using session = await createLossSession(l1(), { provider: 'cpu' });
      escaped = session;
      expect((await session.run({ prediction: { data: Float32Array.from(p), dims: [4] }, target: { data: Float32Array.from(t), dims: [4] } })).loss[0]).toBeCloseTo(MEAN, 6);
    }
    await expect(escaped.run({ prediction: { data: Float32Array.from(p), dims: [4] }, target: { data: Float32Array.from(t), dims: [4] } })).rejects.toThrowError(ReleasedError);
    const g = new GraphBuilder('neg');
    g.output(g.neg(g.input('x', 'float32', [1])), 'y');
    let model: Awaited<ReturnType<typeof createModelSession>> | undefined;
    {
      await using session = await createModelSession(encodeModel(g.toModel()), { provider: 'cpu' });
      model = session;
    }
    await expect(model.run({ x: { data: Float32Array.of(1), dims: [1] } })).rejects.toThrowError(ReleasedError);
  });
});
