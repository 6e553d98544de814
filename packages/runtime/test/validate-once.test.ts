// Options are resolved once per public call, and the provider once per session: each public
// entry point is a validating shell over a function that takes resolved options. The spies wrap
// the real functions (ONNX Runtime really runs); they only count calls.
import { describe, expect, it, vi } from 'vitest';
import { computeLoss, createLossSession, createModelSession, listProviders, releaseAll } from '@losskit/runtime';
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { resolveOptions } from '@losskit/core';
import { pickProvider } from '../src/providers';
import { l1 } from './support/l1-plugin';

vi.mock('@losskit/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@losskit/core')>();
  return { ...actual, resolveOptions: vi.fn(actual.resolveOptions) };
});
vi.mock('../src/providers', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/providers')>();
  return { ...actual, pickProvider: vi.fn(actual.pickProvider) };
});

const resolveSpy = vi.mocked(resolveOptions);
const pickSpy = vi.mocked(pickProvider);

/** The owners (`computeLoss`, `createLossSession`, ...) of the option sets resolved since the last call. */
function resolvedOwners(): string[] {
  const owners = resolveSpy.mock.calls.map((call) => call[0]);
  resolveSpy.mockClear();
  return owners;
}

function providerPicks(): number {
  const count = pickSpy.mock.calls.length;
  pickSpy.mockClear();
  return count;
}

const inputs = { prediction: [0.5, -1, 2], target: [0, 0, 0] };
const feeds = { prediction: { data: Float32Array.of(0.5, -1, 2), dims: [3] }, target: { data: new Float32Array(3), dims: [3] } };

describe('validate once', () => {
  it('computeLoss resolves its options once per call and the provider once per session it creates', async () => {
    await listProviders(); // probes happen once per process; not counted below
    resolvedOwners();
    providerPicks();
    const plugin = l1(); // sessions are cached per plugin object
    const first = await computeLoss(plugin, inputs, { provider: 'cpu', gradient: true, session: { spinning: false } });
    expect(first.loss).toBeCloseTo(3.5 / 3, 6);
    // 'session' is the nested SessionTuning object, parsed as part of the same resolution.
    expect(resolvedOwners()).toEqual(['computeLoss', 'session']);
    expect(providerPicks()).toBe(1);

    // A cached session: the options are resolved again (they are this call's), the provider is not.
    const second = await computeLoss(plugin, inputs, { provider: 'cpu', gradient: true, session: { spinning: false } });
    expect(second.loss).toBe(first.loss);
    expect(resolvedOwners()).toEqual(['computeLoss', 'session']);
    expect(providerPicks()).toBe(0);

    // A new session (other dims) under auto: still one resolution each.
    await computeLoss(plugin, { prediction: [1, 2], target: [0, 0] });
    expect(resolvedOwners()).toEqual(['computeLoss']);
    expect(providerPicks()).toBe(1);
    await releaseAll();
  });

  it('createLossSession resolves its options and its provider once, however many shapes it compiles', async () => {
    resolvedOwners();
    providerPicks();
    const session = await createLossSession(l1(), { provider: 'cpu', reduction: 'sum', gradient: true });
    await session.run(feeds);
    await session.run({ prediction: { data: Float32Array.of(1, 2), dims: [2] }, target: { data: new Float32Array(2), dims: [2] } });
    await session.release();
    expect(resolvedOwners()).toEqual(['createLossSession']);
    expect(providerPicks()).toBe(1);
  });

  it('createModelSession resolves its options and its provider once', async () => {
    const g = new GraphBuilder('neg');
    g.output(g.neg(g.input('x', 'float32', [1])), 'y');
    resolvedOwners();
    providerPicks();
    const session = await createModelSession(encodeModel(g.toModel()), { provider: 'cpu' });
    await session.run({ x: { data: Float32Array.of(2), dims: [1] } });
    await session.release();
    expect(resolvedOwners()).toEqual(['createModelSession']);
    expect(providerPicks()).toBe(1);
  });
});
