// @losskit/train inside Chromium (the runtime's browser build, onnxruntime-web): a few steps of
// the conv autoencoder on webgpu (SwiftShader) and wasm give the losses and parameters Node's cpu
// provider computes in this same run (also when a step leaves its loss unread on the GPU), and
// 200 steps leak neither GPU buffers nor WASM memory.
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { convAutoencoder, syntheticImages } from '@losskit/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adam, createTrainer, sgd } from '../src/index';
import { mse } from './support/models';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');
if (!chromium) console.warn('[train tests] Chromium not found: browser training tests skipped');

/** The same small setup in Node and in the page (the page rebuilds it from these settings). */
const SETUP: Setup = { size: 16, widths: [8, 16], bottleneck: 16, modelSeed: 5, count: 4, dataSeed: 3, lr: 1e-2, steps: 3 };
/**
 * The default architecture (6-channel code) at batch 6: its code Conv and, in the backward pass,
 * the weight-gradient Convs (batch as input channels) are Convs ONNX Runtime WebGPU miscomputes
 * unless @losskit/runtime pads their channels.
 */
const DEFAULT_SETUP: Setup = { size: 16, modelSeed: 5, count: 6, dataSeed: 3, lr: 1e-1, sgd: true, steps: 3 };

interface Setup {
  readonly size: number;
  readonly widths?: number[];
  readonly bottleneck?: number;
  readonly modelSeed: number;
  readonly count: number;
  readonly dataSeed: number;
  readonly lr: number;
  /** Plain SGD instead of Adam, whose first steps move every weight by about `lr` whatever its gradient's size. */
  readonly sgd?: boolean;
  readonly steps: number;
}

interface Run {
  readonly provider: string;
  /** Per step; null where the step did not read its loss. */
  readonly losses: (number | null)[];
  /** Parameters after the last step, by name. */
  readonly params: Record<string, number[]>;
}

async function nodeCpuRun(setup: Setup): Promise<Run> {
  const images = syntheticImages({ count: setup.count, size: setup.size, seed: setup.dataSeed });
  const model = convAutoencoder({ size: setup.size, widths: setup.widths, bottleneck: setup.bottleneck, seed: setup.modelSeed });
  const trainer = await createTrainer({ model, loss: mse(), optimizer: setup.sgd ? sgd({ lr: setup.lr }) : adam({ lr: setup.lr }), provider: 'cpu' });
  const losses: (number | null)[] = [];
  for (let i = 0; i < setup.steps; i++) losses.push((await trainer.step({ input: images, target: images })).loss);
  const params = Object.fromEntries(Object.entries(await trainer.parameters()).map(([name, data]) => [name, Array.from(data)]));
  await trainer.release();
  return { provider: trainer.provider, losses, params };
}

describe.skipIf(!chromium)(`@losskit/train in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  let reference: Run;
  let defaultReference: Run;

  beforeAll(async () => {
    [harness, reference, defaultReference] = await Promise.all([
      launchBrowserHarness({
        root: fileURLToPath(new URL('..', import.meta.url)),
        // The probe must load before ONNX Runtime touches WebGPU or WebAssembly.
        modules: { probe: './test/support/memory-probe.ts', train: './src/index.ts', models: '@losskit/models', support: './test/support/models.ts' },
        prebundle: ['@losskit/models > jpeg-js'],
      }),
      nodeCpuRun(SETUP),
      nodeCpuRun(DEFAULT_SETUP),
    ]);
  });
  afterAll(async () => harness?.close());

  const runInPage = (chosen: Setup, provider: string): Promise<Run> =>
    harness.evaluate(
      async (m, { setup, on }: { setup: Setup; on: string }): Promise<Run> => {
        const images = m.models.syntheticImages({ count: setup.count, size: setup.size, seed: setup.dataSeed });
        const model = m.models.convAutoencoder({ size: setup.size, widths: setup.widths, bottleneck: setup.bottleneck, seed: setup.modelSeed });
        const trainer = await m.train.createTrainer({ model, loss: m.support.mse(), optimizer: setup.sgd ? m.train.sgd({ lr: setup.lr }) : m.train.adam({ lr: setup.lr }), provider: on });
        const losses: (number | null)[] = [];
        // The second step does not wait for its loss (on WebGPU it stays on the GPU, unread).
        for (let i = 0; i < setup.steps; i++) losses.push((await trainer.step({ input: images, target: images }, { readLoss: i !== 1 })).loss ?? null);
        const params: Record<string, number[]> = {};
        for (const [name, data] of Object.entries(await trainer.parameters())) params[name] = Array.from(data as Float32Array);
        await trainer.release();
        return { provider: trainer.provider, losses, params };
      },
      { setup: chosen, on: provider },
    );

  for (const provider of ['webgpu', 'wasm'] as const) {
    it(`[chromium:${provider}] trains the conv autoencoder like Node's cpu provider`, async () => {
      const run = await runInPage(SETUP, provider);
      expect(run.provider).toBe(provider);
      expect(reference.provider).toBe('cpu');
      // Where the loss reaches the host anyway (wasm), readLoss: false still returns it.
      expect(run.losses[1] === null, 'the unread loss of step 2').toBe(provider === 'webgpu');
      run.losses.forEach((loss, i) => {
        if (loss !== null) expect(Math.abs(loss - reference.losses[i]!) / reference.losses[i]!, `loss of step ${i + 1}`).toBeLessThan(1e-5);
      });
      // Adam moves every weight by about lr per step; the two runtimes must agree far closer.
      let worst = 0;
      for (const [name, values] of Object.entries(reference.params)) {
        expect(run.params[name], name).toHaveLength(values.length);
        values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - run.params[name]![i]!))));
      }
      expect(worst, `largest parameter difference after ${SETUP.steps} steps`).toBeLessThan(1e-4);
    });
  }

  it.each(['webgpu', 'wasm'] as const)('[chromium:%s] trains the default autoencoder (6-channel code, batch 6) like Node\'s cpu provider', async (provider) => {
    const run = await runInPage(DEFAULT_SETUP, provider);
    expect(run.provider).toBe(provider);
    [0, 2].forEach((i) => expect(Math.abs(run.losses[i]! - defaultReference.losses[i]!) / defaultReference.losses[i]!, `loss of step ${i + 1}`).toBeLessThan(1e-5));
    let worst = 0;
    for (const [name, values] of Object.entries(defaultReference.params)) values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - run.params[name]![i]!))));
    // SGD moves each weight by lr times its gradient: wrong gradients show, float32 noise does not grow.
    expect(worst, `largest parameter difference after ${DEFAULT_SETUP.steps} steps`).toBeLessThan(1e-6);
  });

  it.each(['webgpu', 'wasm'] as const)('[chromium:%s] 200 steps hold GPU buffers and WASM memory constant', async (provider) => {
    const result = await harness.evaluate(
      async (m, on: string) => {
        const images = m.models.syntheticImages({ count: 2, size: 8, seed: 1 });
        const model = m.models.convAutoencoder({ size: 8, widths: [4], bottleneck: 8, seed: 1 });
        const trainer = await m.train.createTrainer({ model, loss: m.support.mse(), optimizer: m.train.adam({ lr: 1e-3 }), provider: on });
        const samples: { step: number; liveGpuBuffers: number; wasmBytes: number }[] = [];
        for (let step = 1; step <= 200; step++) {
          // Most steps leave their loss unread on the GPU: those tensors must be freed too.
          await trainer.step({ input: images, target: images }, { readLoss: step % 10 === 0 });
          if (step === 20 || step === 200) samples.push({ step, ...m.probe.memoryCounts() });
        }
        await trainer.release();
        return { samples, after: m.probe.memoryCounts() };
      },
      provider,
    );
    const [warm, last] = result.samples as [(typeof result.samples)[0], (typeof result.samples)[0]];
    expect(warm.wasmBytes, 'the probe saw ONNX Runtime\'s WASM memory').toBeGreaterThan(0);
    expect(last.wasmBytes, `WASM memory after 200 steps vs after 20`).toBe(warm.wasmBytes);
    if (provider === 'webgpu') {
      expect(warm.liveGpuBuffers, 'the probe saw WebGPU buffers').toBeGreaterThan(0);
      expect(last.liveGpuBuffers, 'live GPU buffers after 200 steps vs after 20').toBeLessThanOrEqual(warm.liveGpuBuffers);
    }
  });
});
