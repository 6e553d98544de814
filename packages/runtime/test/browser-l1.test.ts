// l1() through createLossSession inside Chromium (onnxruntime-web), on wasm and webgpu
// (SwiftShader), checked in Node against the float64 reference.
import { fileURLToPath } from 'node:url';
import { referenceLoss } from '@losskit/core';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { l1 } from './support/l1-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type L1Case, l1Cases, maxRelativeError } from './support/cases';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');
if (!chromium) console.warn('[runtime tests] Chromium not found: browser tests skipped');

interface PageResult {
  readonly loss: number[];
  readonly dims: number[];
  readonly provider: string;
}

describe.skipIf(!chromium)(`runtime in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { runtime: '@losskit/runtime', l1: './test/support/l1-plugin.ts', graph: '@losskit/graph' },
    });
  });
  afterAll(async () => harness?.close());

  it('loads the browser build of @losskit/runtime', async () => {
    const platform = await harness.evaluate((m) => m.runtime.platform as string, undefined);
    expect(platform).toBe('browser');
  });

  for (const provider of ['wasm', 'webgpu'] as const) {
    it(`[chromium:${provider}] l1 matches the float64 reference for every reduction, with and without weights`, async () => {
      const cases = l1Cases();
      const results = await harness.evaluate(
        async (m, { cases, provider }: { cases: L1Case[]; provider: string }) => {
          const out: PageResult[] = [];
          for (const c of cases) {
            const session = await m.runtime.createLossSession(m.l1.l1(), { provider, reduction: c.reduction });
            const result = await session.run({
              prediction: { data: Float32Array.from(c.prediction), dims: c.dims },
              target: { data: Float32Array.from(c.target), dims: c.dims },
              ...(c.weights ? { weights: { data: Float32Array.from(c.weights.data), dims: c.weights.dims } } : {}),
            });
            await session.release();
            out.push({ loss: Array.from(result.loss as Float32Array), dims: [...result.lossDims], provider: result.provider });
          }
          return out;
        },
        { cases, provider },
      );
      cases.forEach((c, i) => {
        const expected = referenceLoss(
          l1(),
          { prediction: { data: c.prediction, dims: c.dims }, target: { data: c.target, dims: c.dims }, weights: c.weights },
          c.reduction,
        );
        const result = results[i]!;
        expect(result.provider, c.label).toBe(provider);
        expect(result.dims, c.label).toEqual(expected.dims);
        expect(maxRelativeError(result.loss, expected.data), `${provider} ${c.label}`).toBeLessThanOrEqual(1e-5);
      });
    });
  }

  for (const provider of ['wasm', 'webgpu'] as const) {
    // wasm builds Abs's gradient with ieeeAbsRules and checks input values inside the model;
    // webgpu (no subnormal or NaN guarantees in WGSL) keeps Where and the JavaScript scan. Callers
    // see the same values and errors on both.
    it(`[chromium:${provider}] l1 gradient sign(p - t) / n, 0 where p = t; a NaN at the last element is named`, async () => {
      const result = await harness.evaluate(
        async (m, { provider }: { provider: string }) => {
          const session = await m.runtime.createLossSession(m.l1.l1(), { provider, gradient: true });
          const dims = [8];
          const target = { data: Float32Array.of(0, 0, 0, 0, 1, 1, 1e-40, 3e38), dims };
          const ok = await session.run({ prediction: { data: Float32Array.of(1, -1, 0, -0, 1, 2, 0, 3e38), dims }, target });
          let error = '';
          try {
            await session.run({ prediction: { data: Float32Array.of(0, 0, 0, 0, 0, 0, 0, Number.NaN), dims }, target });
          } catch (e) {
            error = `${(e as Error).name}: ${(e as Error).message}`;
          }
          await session.release();
          return { gradient: Array.from(ok.gradient as Float32Array), error };
        },
        { provider },
      );
      // WebGPU may flush the subnormal 1e-40 to 0 (WGSL allows it): only wasm is checked there.
      const expected = [1, -1, 0, 0, 0, 1, provider === 'wasm' ? -1 : result.gradient[6]! * 8, 0].map((v) => v / 8);
      // ieeeAbsRules gives -0 where p - t is -0 (the Where rule +0): equal values, so zeros are compared as numbers.
      expect(result.gradient.map((v) => v + 0)).toEqual(expected.map((v) => Math.fround(v) + 0));
      expect(result.error).toMatch(/^InvalidInputError: Invalid prediction\.data\[7\]: expected a finite number, received NaN/);
    });
  }

  it('[chromium] explains Node-only providers and picks webgpu for auto', async () => {
    const result = await harness.evaluate(async (m) => {
      const errors: string[] = [];
      for (const provider of ['cpu', 'cuda']) {
        try {
          await m.runtime.createLossSession(m.l1.l1(), { provider });
        } catch (error) {
          errors.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      const auto = await m.runtime.createLossSession(m.l1.l1());
      const provider = auto.provider as string;
      await auto.release();
      return { errors, provider };
    }, undefined);
    expect(result.provider).toBe('webgpu');
    expect(result.errors).toEqual([
      'UnavailableProviderError: Execution provider "cpu" is unavailable: cpu is the Node build\'s CPU provider; in the browser use "wasm"',
      'UnavailableProviderError: Execution provider "cuda" is unavailable: cuda is the Node build\'s GPU provider; in the browser use "webgpu"',
    ]);
  });

  it('[chromium:webgpu] feeds GPU outputs back for 10 runs and downloads them', async () => {
    const result = await harness.evaluate(async (m) => {
      const g = new m.graph.GraphBuilder('counter');
      const q = g.input('q', 'float32', [4]);
      g.output(g.add(q, 1), 'next');
      g.output(g.reduceSum(q, { keepdims: false }), 'total');
      const session = await m.runtime.createModelSession(m.graph.encodeModel(g.toModel()), { provider: 'webgpu', keepOnDevice: ['next'] });
      let state: unknown = { data: Float32Array.of(1, 2, 3, 4), dims: [4] };
      const totals: number[] = [];
      const locations: string[] = [];
      for (let i = 0; i < 10; i++) {
        const out = await session.run({ q: state });
        totals.push(out.total.data[0]);
        locations.push(out.next.location);
        state = out.next;
      }
      const final = Array.from((await m.runtime.downloadTensor(state)) as Float32Array);
      await session.release();
      return { totals, locations, final };
    }, undefined);
    expect(result.locations.every((l) => l === 'gpu-buffer')).toBe(true);
    expect(result.totals).toEqual(Array.from({ length: 10 }, (_, i) => 10 + 4 * i));
    expect(result.final).toEqual([11, 12, 13, 14]);
  });
});
