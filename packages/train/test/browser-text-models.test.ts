// The PyTorch text models (fixtures/text: token ids, embeddings, attention, Einsum, Trilu,
// training-mode Dropout) fine-tuned inside Chromium on wasm, the runtime's browser build: one step
// each, whose loss and gradients match PyTorch's float64 autograd by the rule of text-models.test.ts.
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_MODELS, type TextFixture, textFixture } from './support/text-fixtures';
import { gradientDistances } from './support/pytorch-fixtures';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

/** As in text-models.test.ts: one SGD step with lr = 2^10 reads the gradients exactly scaled. */
const LR = 2 ** 10;

describe.skipIf(!chromium)(`PyTorch text models fine-tuned in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { train: './src/index.ts', ce: '@losskit/loss-cross-entropy', dropout: './test/support/pytorch-dropout.ts' },
    });
  });
  afterAll(async () => harness?.close());

  for (const name of TEXT_MODELS) {
    it(`[chromium:wasm] ${name}: first-step loss and gradients match PyTorch float64`, async () => {
      const { bytes, f } = textFixture(name);
      const run = await harness.evaluate(
        async (m, arg: { bytes: number[]; f: TextFixture; classAxis: number; lr: number }) => {
          const mask = (node: string, step: number) => Float32Array.from(arg.f.dropoutMasks[m.dropout.dropoutModule(node)]![step - 1]!);
          const trainer = await m.train.createTrainer({
            model: new Uint8Array(arg.bytes),
            loss: m.ce.crossEntropy({ classAxis: arg.classAxis }),
            optimizer: m.train.sgd({ lr: arg.lr }),
            provider: 'wasm',
            dropout: { mask },
          });
          const before = await trainer.parameters();
          const { loss } = await trainer.step({
            input: { data: BigInt64Array.from(arg.f.ids.data, BigInt), dims: arg.f.ids.dims },
            target: { data: BigInt64Array.from(arg.f.target.data, BigInt), dims: arg.f.target.dims },
          });
          const after = await trainer.parameters();
          const gradients: Record<string, number[]> = {};
          for (const p of Object.keys(before)) gradients[p] = Array.from(before[p]!, (v: number, i: number) => (v - after[p]![i]!) / arg.lr);
          const provider = trainer.provider;
          await trainer.release();
          return { provider, loss, gradients };
        },
        { bytes: Array.from(bytes), f, classAxis: name === 'gpt' ? -1 : 1, lr: LR },
      );
      expect(run.provider).toBe('wasm');
      expect(Object.keys(run.gradients).toSorted()).toEqual(Object.keys(f.gradients).toSorted());
      expect(Math.abs(run.loss - f.loss) / f.loss).toBeLessThanOrEqual(1e-5);
      for (const [p, { distance, allowed }] of Object.entries(gradientDistances(run.gradients, f.gradients, f.float32Distance))) {
        expect(distance, `d loss / d ${p}: max |losskit - float64|`).toBeLessThanOrEqual(allowed);
      }
    });
  }
});
