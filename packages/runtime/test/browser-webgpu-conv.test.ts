// Convs that ONNX Runtime WebGPU miscomputes (6, 9, ... input channels; see src/webgpu-conv.ts)
// give the float64 reference through createModelSession on webgpu (SwiftShader) in Chromium,
// because the runtime pads their channels; wasm is checked alongside.
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvCase, convCases, convReference } from './support/conv-reference';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');
if (!chromium) console.warn('[runtime tests] Chromium not found: browser WebGPU Conv tests skipped');

describe.skipIf(!chromium)(`WebGPU Conv workaround in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { runtime: '@losskit/runtime', graph: '@losskit/graph' },
    });
  });
  afterAll(async () => harness?.close());

  for (const provider of ['webgpu', 'wasm'] as const) {
    it(`[chromium:${provider}] Convs with 6 and 9 input channels match the float64 reference`, async () => {
      const cases = convCases();
      const outputs = await harness.evaluate(
        async (m, { list, on }: { list: ConvCase[]; on: string }) => {
          const results: { provider: string; data: number[] }[] = [];
          for (const c of list) {
            const g = new m.graph.GraphBuilder('conv');
            const x = g.input('x', 'float32', c.x.dims);
            const [o, i, kh, kw] = c.w.dims;
            const w = c.weightFromInput
              ? g.transpose(g.input('w_t', 'float32', [i, o, kh, kw]), [1, 0, 2, 3])
              : g.initializer('w', 'float32', c.w.dims, Float32Array.from(c.w.data));
            const b = g.initializer('b', 'float32', [o], Float32Array.from(c.b));
            const attributes = { kernel_shape: m.graph.attr.ints([kh, kw]), strides: m.graph.attr.ints([c.stride, c.stride]), pads: m.graph.attr.ints([c.pad, c.pad, c.pad, c.pad]) };
            g.output(g.addNode('Conv', [x, w, b], attributes, { name: 'conv' })[0]!, 'y');
            const feeds: Record<string, { data: Float32Array; dims: number[] }> = { x: { data: Float32Array.from(c.x.data), dims: [...c.x.dims] } };
            if (c.weightFromInput) {
              // The weight laid out [in, out, kh, kw], so that the graph's Transpose restores it.
              const t = new Float32Array(c.w.data.length);
              for (let a = 0; a < o; a++) for (let q = 0; q < i; q++) for (let k = 0; k < kh * kw; k++) t[(q * o + a) * kh * kw + k] = c.w.data[(a * i + q) * kh * kw + k]!;
              feeds.w_t = { data: t, dims: [i, o, kh, kw] };
            }
            const session = await m.runtime.createModelSession(m.graph.encodeModel(g.toModel()), { provider: on });
            const y = (await session.run(feeds)).y!;
            results.push({ provider: session.provider, data: Array.from(await m.runtime.downloadTensor(y)) });
            await session.release();
          }
          return results;
        },
        { list: cases, on: provider },
      );
      cases.forEach((c, k) => {
        const reference = convReference(c).data;
        expect(outputs[k]!.provider).toBe(provider);
        expect(outputs[k]!.data, c.name).toHaveLength(reference.length);
        let worst = 0;
        reference.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - outputs[k]!.data[i]!))));
        // float32 sums of at most 144 products of values below 0.5: about 1e-6 from float64.
        expect(worst, `${c.name}: largest difference from float64`).toBeLessThan(1e-5);
      });
    });
  }
});
