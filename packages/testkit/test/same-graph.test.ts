// The test kit tests the graph users run: in Chromium, the model its target hands ONNX Runtime
// is byte for byte the one a browser loss session hands it for the same plugin, provider, dims
// and options (wasm's has the IEEE Abs rule and the input check; webgpu's neither). Both are
// recorded in the page by wrapping onnxruntime-web's InferenceSession.create, which still runs.
// Its target lists and short skip reasons come from the runtime, not from copies.
import { findChromium } from '@losskit/browser-harness';
import type { Reduction } from '@losskit/core';
import { PROVIDERS } from '@losskit/runtime/portable';
import { afterAll, describe, expect, it } from 'vitest';
import { browserExecutor, browserSession } from '../src/targets/browser';
import { TARGETS, selectTargets } from '../src/targets/ids';
import { probeNodeProviders } from '../src/targets/node-probe';
import { l1 } from './support/plugins';

describe('targets', () => {
  it("are the runtime's providers on each build, host providers first", () => {
    expect(TARGETS).toEqual(['node:cpu', 'node:cuda', 'node:webgpu', 'chromium:wasm', 'chromium:webgpu']);
    expect(() => selectTargets(['tpu' as never])).toThrowError(`expected one of ${[...PROVIDERS, ...TARGETS].join(', ')}`);
  });

  it("name a Node provider's absence from the runtime's typed reason", () => {
    const wasm = probeNodeProviders().get('wasm');
    expect(wasm).toMatchObject({ available: false, short: 'not in Node' });
    const cuda = probeNodeProviders().get('cuda')!;
    if (!cuda.available) expect(cuda.short).toBe('no CUDA libraries');
  });
});

const chromium = findChromium();
if (!chromium && process.env.CI) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

// Page code as source text (see src/targets/browser.ts: transpilers may wrap functions).
const AsyncFunction = (async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

// Runs in the page: wraps InferenceSession.create to keep a copy of every model's bytes.
const RECORD = new AsyncFunction(
  'modules',
  `const factory = modules.ort.InferenceSession;
  if (!globalThis.recordedModels) {
    globalThis.recordedModels = [];
    const create = factory.create.bind(factory);
    factory.create = (bytes, options) => { globalThis.recordedModels.push(Array.from(bytes)); return create(bytes, options); };
  }
  globalThis.recordedModels.length = 0;`,
) as (modules: Record<string, unknown>) => Promise<void>;

const TAKE = new AsyncFunction('modules', 'return globalThis.recordedModels.splice(0);') as (
  modules: Record<string, unknown>,
) => Promise<number[][]>;

const RUN_LOSS_SESSION = new AsyncFunction(
  'modules',
  'arg',
  `const session = await modules.runtime.createLossSession(modules.plugins.l1(), { provider: arg.provider, reduction: arg.reduction, gradient: true });
  const tensor = (t) => ({ data: Float32Array.from(t.data), dims: t.dims });
  await session.run({ prediction: tensor(arg.prediction), target: tensor(arg.target), weights: tensor(arg.weights) });
  await session.release();`,
) as (modules: Record<string, unknown>, arg: unknown) => Promise<void>;

/** A tensor as plain arrays, to cross into the page. */
const plain = (t: { data: Float32Array; dims: number[] }) => ({ data: Array.from(t.data), dims: t.dims });

describe.skipIf(!chromium)(`Chromium targets and browser loss sessions${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  const session = browserSession(chromium ?? '', { ort: 'onnxruntime-web/webgpu', plugins: './test/support/plugins.ts' });
  afterAll(() => session.close());

  const dims = [2, 3];
  const tensor = (values: number[], shape = dims) => ({ data: Float32Array.from(values), dims: shape });
  const prediction = tensor([0.5, -1, 2, 0, 0.25, 3]);
  const target = tensor([0, 0, 1, 0, 1, 2]);
  const weights = tensor([1, 2], [2, 1]);
  const reduction: Reduction = 'weighted_mean';

  for (const provider of ['wasm', 'webgpu'] as const) {
    it(`[chromium:${provider}] hand ONNX Runtime the same model bytes`, async (context) => {
      const { harness, providers } = await session.open();
      if (!providers.get(provider)?.available) {
        if (process.env.CI) throw new Error(`CI requires chromium:${provider}: ${providers.get(provider)?.reason}`);
        return context.skip(`${provider} unavailable: ${providers.get(provider)?.reason}`);
      }
      const executor = browserExecutor(`chromium:${provider}`, session);
      const request = { reduction, gradient: true, prediction, inputs: { target }, weights, runs: 1 };
      // A first evaluation opens the page's device hold (a one-node session), not recorded.
      await executor.evaluate(l1(), request);
      await harness.evaluate(RECORD, undefined);
      const result = await executor.evaluate(l1(), request);
      expect(result.provider).toBe(provider);
      const fromTarget = await harness.evaluate(TAKE, undefined);

      await harness.evaluate(RUN_LOSS_SESSION, { provider, reduction, prediction: plain(prediction), target: plain(target), weights: plain(weights) });
      const fromSession = await harness.evaluate(TAKE, undefined);

      expect(fromTarget).toHaveLength(1);
      expect(fromSession).toHaveLength(1);
      expect(fromTarget[0]!.length).toBeGreaterThan(100);
      expect(Buffer.from(Uint8Array.from(fromTarget[0]!)).equals(Buffer.from(Uint8Array.from(fromSession[0]!)))).toBe(true);
    });
  }
});
