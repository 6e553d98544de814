// Loss sessions on CPU check input values inside the model (the `losskit/input-check` output)
// and scan them in JavaScript only when that check is not finite. These tests pin what callers
// see: the same precise errors as the JavaScript scan, wherever the bad value is; no error when
// the check overflows on finite inputs; plugin value checks run only when the graph says so.
import { INPUT_CHECK_OUTPUT, InvalidInputError, buildLossModel, defineLossPlugin } from '@losskit/core';
import { decodeModel as decode } from '@losskit/graph';
import { afterAll, describe, expect, it } from 'vitest';
import { createLossSession, releaseAll } from '@losskit/runtime';
import { l1 } from './support/l1-plugin';

afterAll(() => releaseAll());

const N = 1000;
const tensor = (fill: (i: number) => number, dims = [10, 100]) => ({ data: Float32Array.from({ length: N }, (_, i) => fill(i)), dims });

async function errorOf(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

/** A loss whose targets must be in [0, 1], with a graph form of that check, counting JavaScript checks. */
function rangeLoss() {
  const calls = { validate: 0 };
  const plugin = defineLossPlugin({
    name: 'range-l1',
    description: 'L1 with targets in [0, 1] (test).',
    options: {},
    create: () => ({
      elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
      reference: (prediction, target) => ({ data: prediction.data.map((p, i) => Math.abs(p - target.data[i]!)), dims: prediction.dims }),
      validate: ({ target }) => {
        calls.validate++;
        target.data.forEach((v, i) => {
          if (!(v >= 0 && v <= 1)) throw new InvalidInputError(`target.data[${i}]`, 'a target in [0, 1]', v);
        });
      },
      inputCheck: (g, _prediction, target) =>
        g.where(g.and(g.greaterOrEqual(g.reduceMin(target, { keepdims: false }), 0), g.lessOrEqual(g.reduceMax(target, { keepdims: false }), 1)), g.constant(0), Infinity),
    }),
  })();
  return { plugin, calls };
}

describe('input checks inside the loss model', () => {
  it('adds the losskit/input-check output only when asked', () => {
    const outputs = (inputCheck: boolean) => decode(buildLossModel(l1(), { dims: [4], gradient: true, inputCheck })).graph.outputs.map((o) => o.name);
    expect(outputs(true)).toEqual(['loss', 'gradient', INPUT_CHECK_OUTPUT]);
    expect(outputs(false)).toEqual(['loss', 'gradient']);
  });

  it('leaves it out for a plugin with validate but no graph form of it', () => {
    const plugin = defineLossPlugin({
      name: 'checked',
      description: 'test',
      options: {},
      create: () => ({ elementwise: (g, p, t) => g.abs(g.sub(p, t)), reference: (p) => p, validate: () => undefined }),
    })();
    const model = decode(buildLossModel(plugin, { dims: [4], inputCheck: true }));
    expect(model.graph.outputs.map((o) => o.name)).toEqual(['loss']);
  });

  it('names a NaN or infinity wherever it is, the last element included', async () => {
    const session = await createLossSession(l1(), { gradient: true, provider: 'cpu' });
    const good = tensor((i) => i / N);
    const last = await errorOf(session.run({ prediction: tensor((i) => (i === N - 1 ? Number.NaN : 0.5)), target: good }));
    expect(last.argument).toBe(`prediction.data[${N - 1}]`);
    expect(last.expected).toBe('a finite number');
    const first = await errorOf(session.run({ prediction: good, target: tensor((i) => (i === 0 ? -Infinity : 0.5)) }));
    expect(first.argument).toBe('target.data[0]');
    // +inf and -inf in one tensor sum to NaN: still caught, the first one named.
    const both = await errorOf(session.run({ prediction: tensor((i) => (i === 3 ? Infinity : i === 7 ? -Infinity : 0)), target: good }));
    expect(both.argument).toBe('prediction.data[3]');
    const weights = await errorOf(session.run({ prediction: good, target: good, weights: tensor((i) => (i === 500 ? Number.NaN : 1)) }));
    expect(weights.argument).toBe('weights.data[500]');
    await session.release();
  });

  it('returns results when the check overflows on finite inputs', async () => {
    const session = await createLossSession(l1(), { gradient: true, provider: 'cpu' });
    const big = tensor(() => 3e38);
    const { loss, gradient } = await session.run({ prediction: big, target: big });
    expect(loss[0]).toBe(0);
    expect(gradient!.every((v) => v === 0)).toBe(true);
    await session.release();
  });

  it('reports a bad value before dims that do not broadcast, as the JavaScript scan did', async () => {
    const session = await createLossSession(l1(), { provider: 'cpu' });
    const good = tensor(() => 0.5);
    const error = await errorOf(session.run({ prediction: tensor((i) => (i === 9 ? Number.NaN : 0)), target: good, weights: { data: new Float32Array(7), dims: [7] } }));
    expect(error.argument).toBe('prediction.data[9]');
    const layout = await errorOf(session.run({ prediction: tensor((i) => (i === 9 ? Number.NaN : 0)), target: { data: new Float32Array(3), dims: [4] } }));
    expect(layout.argument).toBe('prediction.data[9]');
    await session.release();
  });

  it("runs a plugin's own value checks only when its graph form fails", async () => {
    const { plugin, calls } = rangeLoss();
    const session = await createLossSession(plugin, { gradient: true, provider: 'cpu' });
    const prediction = tensor(() => 0.5);
    await session.run({ prediction, target: tensor((i) => i / (N - 1)) });
    expect(calls.validate).toBe(0);
    const error = await errorOf(session.run({ prediction, target: tensor((i) => (i === N - 1 ? 1.0001 : 0)) }));
    expect(error.argument).toBe(`target.data[${N - 1}]`);
    expect(error.expected).toBe('a target in [0, 1]');
    expect(calls.validate).toBe(1);
    await session.release();
  });
});
