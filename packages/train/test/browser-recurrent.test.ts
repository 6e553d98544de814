// The recurrent text classifiers exported by PyTorch (fixtures/recurrent) trained inside Chromium
// on onnxruntime-web's wasm provider: one SGD step with lr = 2^10 gives the first step's loss and
// gradients, compared with PyTorch's float64 autograd by the rule of recurrent-models.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TokenClassifierFixture as Fixture, float32Distances, gradientDistances } from './support/pytorch-fixtures';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

const DIR = join(import.meta.dirname, 'fixtures', 'recurrent');

interface PageRun {
  readonly provider: string;
  readonly loss: number;
  /** (initial - updated parameters) / 2^10 after one SGD step with lr = 2^10: the gradients. */
  readonly gradients: Record<string, number[]>;
}

describe.skipIf(!chromium)(`PyTorch recurrent classifiers fine-tuned in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { train: './src/index.ts', loss: '@losskit/loss-cross-entropy' },
    });
  });
  afterAll(async () => harness?.close());

  for (const name of ['gru-classifier', 'lstm-classifier']) {
    it(`[chromium:wasm] ${name}: first-step loss and gradients match PyTorch's float64 autograd`, async () => {
      const f = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Fixture;
      const bytes = Array.from(readFileSync(join(DIR, `${name}.onnx`)));
      const run = await harness.evaluate(
        async (m, arg: { bytes: number[]; f: Fixture }): Promise<PageRun> => {
          const trainer = await m.train.createTrainer({ model: new Uint8Array(arg.bytes), loss: m.loss.crossEntropy(), optimizer: m.train.sgd({ lr: 2 ** 10 }), provider: 'wasm' });
          const before = await trainer.parameters();
          const { loss } = await trainer.step({
            input: { data: BigInt64Array.from(arg.f.ids.data, BigInt), dims: arg.f.ids.dims },
            target: { data: BigInt64Array.from(arg.f.labels, BigInt), dims: [arg.f.labels.length] },
          });
          const after = await trainer.parameters();
          const gradients: Record<string, number[]> = {};
          for (const p of Object.keys(before)) gradients[p] = Array.from(before[p]!, (v: number, i: number) => (v - after[p]![i]!) / 2 ** 10);
          await trainer.release();
          return { provider: trainer.provider, loss, gradients };
        },
        { bytes, f },
      );
      expect(run.provider).toBe('wasm');
      expect(Object.keys(run.gradients).toSorted()).toEqual(Object.keys(f.gradients).toSorted());
      expect(Math.abs(run.loss - f.loss) / f.loss).toBeLessThanOrEqual(1e-5);
      for (const [parameter, { distance, allowed }] of Object.entries(gradientDistances(run.gradients, f.gradients, float32Distances(f)))) {
        expect(distance, `d loss / d ${parameter}: max |losskit - float64|`).toBeLessThanOrEqual(allowed);
      }
    });
  }
});
