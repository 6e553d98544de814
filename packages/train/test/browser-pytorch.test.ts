// PyTorch-exported models fine-tuned inside Chromium (the runtime's browser build, onnxruntime-web
// on webgpu via SwiftShader and on wasm): the first step's loss and gradients and the parameters
// after 3 Adam steps match what PyTorch wrote (fixtures/pytorch), as in Node (pytorch.test.ts).
// The PyTorch numbers are the reference; nothing is compared with losskit's own Node results.
// Then the torchvision zoo on wasm, as in Node (zoo.test.ts): the page regenerates the weights,
// takes the first step and two Adam steps, and the first step's loss and gradients must match
// PyTorch's float64 values as closely as PyTorch's own float32 ones (support/zoo-fixtures.ts); by
// default one model per export mode, all ten exports with `LOSSKIT_ZOO=all`. Last, the guide's
// classifier-only fine-tuning of mobilenet_v2 (zoo-fine-tune.test.ts) in the page. One page for
// all: Chromium's start and the page's first ONNX Runtime session are paid once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZooFixture, compareWithPyTorch, expectZooRunMatches, onlyParameters, readZooFixture, zooCases } from './support/zoo-fixtures';
import { CLASSIFIER, type ClassifierRun, type ZooRun } from './support/zoo-run';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

const DIR = join(import.meta.dirname, 'fixtures', 'pytorch');
const FILES: readonly [string, string][] = [
  ['classifier', 'classifier-opset17.onnx'],
  ['autoencoder', 'autoencoder-opset13.onnx'],
  ['resnet', 'resnet-opset17.onnx'],
  ['mlp', 'mlp-opset17.onnx'],
];

interface Stored {
  readonly dims: number[];
  readonly data: number[];
}

interface Fixture {
  readonly adamLr: number;
  readonly steps: number;
  readonly input: Stored;
  readonly target: Stored;
  readonly dropoutMasks: Record<string, number[][]>;
  readonly loss: number;
  readonly gradients: Record<string, Stored>;
  readonly afterAdam: Record<string, Stored>;
}

interface PageRun {
  readonly provider: string;
  /** The first step's loss. */
  readonly loss: number;
  /** Initial minus updated parameters after one SGD step with lr = 1: the gradients (wasm only). */
  readonly gradients: Record<string, number[]> | undefined;
  readonly afterAdam: Record<string, number[]>;
}

function worst(actual: Record<string, number[]>, expected: Record<string, Stored>): number {
  let w = 0;
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    if (!a) continue; // running statistics are checked in Node (they are not parameters)
    expect(a).toHaveLength(e.data.length);
    const scale = Math.max(1, ...e.data.map(Math.abs));
    e.data.forEach((v, i) => (w = Math.max(w, Math.abs(a[i]! - v) / scale)));
  }
  return w;
}

describe.skipIf(!chromium)(`PyTorch models fine-tuned in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { train: './src/index.ts', support: './test/support/models.ts', zoo: './test/support/zoo-run.ts' },
    });
  });
  afterAll(async () => harness?.close());

  // SwiftShader compiles every WebGPU pipeline on the CPU (15 s or more per step graph here):
  // webgpu runs the classifier (BatchNorm, MaxPool) with Adam only; wasm runs all four, gradients
  // included. Node's webgpu provider runs every fixture with both optimizers (pytorch.test.ts).
  const runs = [
    ...FILES.filter(([name]) => name === 'classifier').map((entry) => ['webgpu', ...entry] as const),
    ...FILES.map((entry) => ['wasm', ...entry] as const),
  ];
  for (const [provider, name, file] of runs) {
    {
      it(`[chromium:${provider}] ${file} matches PyTorch`, async () => {
        const f = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
        const bytes = Array.from(readFileSync(join(DIR, file)));
        const run = await harness.evaluate(
          async (m, arg: { bytes: number[]; f: Fixture; on: string; gradients: boolean }): Promise<PageRun> => {
            const model = new Uint8Array(arg.bytes);
            const masks = arg.f.dropoutMasks;
            const mask = (node: string, step: number) => Float32Array.from(masks[node.split('/')[1]!]![step - 1]!);
            const batch = {
              input: { data: Float32Array.from(arg.f.input.data), dims: arg.f.input.dims },
              target: { data: Float32Array.from(arg.f.target.data), dims: arg.f.target.dims },
            };
            const make = (optimizer: unknown) =>
              m.train.createTrainer({ model, loss: m.support.mse(), optimizer, provider: arg.on, dropout: { mask } });
            let gradients: Record<string, number[]> | undefined;
            if (arg.gradients) {
              const first = await make(m.train.sgd({ lr: 1 }));
              const before = await first.parameters();
              await first.step(batch);
              const after = await first.parameters();
              gradients = {};
              for (const p of Object.keys(before)) gradients[p] = Array.from(before[p]!, (v: number, i: number) => v - after[p]![i]!);
              await first.release();
            }
            const trainer = await make(m.train.adam({ lr: arg.f.adamLr }));
            const losses: number[] = [];
            for (let s = 0; s < arg.f.steps; s++) losses.push((await trainer.step(batch)).loss);
            const afterAdam: Record<string, number[]> = {};
            for (const [p, data] of Object.entries(await trainer.parameters())) afterAdam[p] = Array.from(data as Float32Array);
            await trainer.release();
            return { provider: trainer.provider, loss: losses[0]!, gradients, afterAdam };
          },
          { bytes, f, on: provider, gradients: provider === 'wasm' },
        );
        expect(run.provider).toBe(provider);
        expect(Object.keys(run.afterAdam).toSorted()).toEqual(Object.keys(f.gradients).toSorted());
        expect(Math.abs(run.loss - f.loss) / Math.abs(f.loss)).toBeLessThanOrEqual(1e-5);
        if (run.gradients) expect(worst(run.gradients, f.gradients)).toBeLessThanOrEqual(1e-4);
        expect(worst(run.afterAdam, f.afterAdam)).toBeLessThanOrEqual(1e-4);
      });
    }
  }

  for (const [name, mode] of zooCases('chromium')) {
    it(`[chromium:wasm] ${name} (${mode}-mode export): first-step loss and gradients match PyTorch; an Adam step lowers the loss`, async () => {
      const { fixture: f, bytes } = readZooFixture(name, mode);
      const run = await harness.evaluate(
        (m, arg: { bytes: number[]; f: Pick<ZooFixture, 'batch' | 'size' | 'classes'> }): Promise<ZooRun> =>
          m.zoo.runZooModel(new Uint8Array(arg.bytes), arg.f, 'wasm', true),
        { bytes: Array.from(bytes), f: { batch: f.batch, size: f.size, classes: f.classes } },
      );
      expectZooRunMatches(run, f, 'wasm', 'chromium:wasm');
    });
  }

  it("[chromium:wasm] mobilenet_v2 (eval-mode export): trainable 'classifier.' trains the classifier and nothing else", async () => {
    const { fixture: f, bytes } = readZooFixture('mobilenet_v2', 'eval');
    const run = await harness.evaluate(
      (m, arg: { bytes: number[]; f: Pick<ZooFixture, 'batch' | 'size' | 'classes'> }): Promise<ClassifierRun> =>
        m.zoo.fineTuneClassifier(new Uint8Array(arg.bytes), arg.f, 'wasm'),
      { bytes: Array.from(bytes), f: { batch: f.batch, size: f.size, classes: f.classes } },
    );
    expect(run.provider).toBe('wasm');
    expect(run.parameterNames).toEqual(CLASSIFIER);
    const classifierOnly = onlyParameters(f, CLASSIFIER);
    expect(compareWithPyTorch(classifierOnly, run.loss, run.gradients).failures).toEqual([]);
    expect(run.changed.toSorted()).toEqual(CLASSIFIER.toSorted());
  });
});
