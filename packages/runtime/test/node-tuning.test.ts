// Session tuning: every setting runs and gives the float64 reference's values; bad settings are
// typed errors naming the option; values are still checked once when the caller did not check them.
import { InvalidInputError, InvalidOptionError, referenceLoss } from '@losskit/core';
import { createLossSession, createModelSession } from '@losskit/runtime';
import { encodeModel, GraphBuilder } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { l1 } from './support/l1-plugin';
import { maxRelativeError } from './support/cases';

const dims = [2, 3];
const inputs = {
  prediction: { data: Float32Array.of(0.5, -1, 2, 0, 3, -2), dims },
  target: { data: Float32Array.of(0, 0, 2, 1, 1, 1), dims },
};

describe('[node:cpu] session tuning', () => {
  const settings = [
    {},
    { intraOpThreads: 1 },
    { intraOpThreads: 2, spinning: true },
    { memoryPattern: false, cpuArena: false },
    { graphOptimization: 'disabled' as const },
    { graphOptimization: 'basic' as const },
  ];
  for (const session of settings) {
    it(`runs l1 with ${JSON.stringify(session)} and matches the float64 reference`, async () => {
      const loss = await createLossSession(l1(), { provider: 'cpu', gradient: true, session });
      const result = await loss.run(inputs);
      await loss.release();
      expect(maxRelativeError(result.loss, referenceLoss(l1(), inputs, 'mean').data)).toBeLessThanOrEqual(1e-6);
      expect(Array.from(result.gradient!)).toEqual([1, -1, 0, -1, 1, -1].map((s) => s / 6).map(Math.fround));
    });
  }

  it('refuses unknown and ill-typed settings, naming the option', async () => {
    await expect(createLossSession(l1(), { session: { threads: 2 } as never })).rejects.toThrow(/session\.threads/);
    await expect(createLossSession(l1(), { session: { intraOpThreads: -1 } })).rejects.toThrow(InvalidOptionError);
    await expect(createLossSession(l1(), { session: { spinning: 'no' as never } })).rejects.toThrow('Invalid option session.spinning: expected a boolean, received "no"');
    await expect(createLossSession(l1(), { session: { graphOptimization: 'max' as never } })).rejects.toThrow(/session\.graphOptimization/);
    await expect(createLossSession(l1(), { session: 3 as never })).rejects.toThrow(InvalidOptionError);
  });

  it('checks values that no caller checked, and only dims of inputs declared checked', async () => {
    const g = new GraphBuilder('neg');
    g.output(g.neg(g.input('x', 'float32', [2])), 'y');
    const bytes = encodeModel(g.toModel());
    const unchecked = await createModelSession(bytes, { provider: 'cpu' });
    await expect(unchecked.run({ x: { data: Float32Array.of(1, Number.NaN), dims: [2] } })).rejects.toThrow(/inputs\.x\.data\[1\]/);
    const checked = await createModelSession(bytes, { provider: 'cpu', checkedInputs: ['x'] });
    await expect(checked.run({ x: { data: Float32Array.of(1, 2, 3), dims: [3] } })).rejects.toThrow(InvalidInputError);
    const out = await checked.run({ x: { data: Float32Array.of(1, 2), dims: [2] } });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([-1, -2]);
    await unchecked.release();
    await checked.release();
  });

  it('a loss session still refuses non-finite values once', async () => {
    const loss = await createLossSession(l1(), { provider: 'cpu' });
    await expect(loss.run({ ...inputs, target: { data: Float32Array.of(0, 0, Number.POSITIVE_INFINITY, 0, 0, 0), dims } })).rejects.toThrow(/target\.data\[2\]/);
    await loss.release();
  });
});
