// Models of token ids exported by PyTorch, fine-tuned inside Chromium on wasm (the runtime's
// browser build): the text models (fixtures/text: embeddings, attention, Einsum, Trilu,
// training-mode Dropout with PyTorch's masks) and the recurrent classifiers (fixtures/recurrent:
// GRU, 2-layer bidirectional LSTM). One step each, whose loss and gradients match PyTorch's
// float64 autograd by the rule of text-models.test.ts and recurrent-models.test.ts. One page
// serves both families: starting Chromium and Vite costs a few seconds of CI each time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stored, type TokenClassifierFixture, float32Distances, gradientDistances } from './support/pytorch-fixtures';
import { RATE } from './support/step-gradients';
import { TEXT_MODELS, textFixture } from './support/text-fixtures';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

/** What the page needs for one step: the model, token ids, targets, the class axis and any Dropout masks. */
interface StepCase {
  readonly bytes: number[];
  readonly ids: Stored;
  readonly target: Stored;
  readonly classAxis: number;
  readonly dropoutMasks?: Readonly<Record<string, readonly (readonly number[])[]>>;
}

/** The checks of one model: its step in the page, and PyTorch's numbers. */
interface Expected {
  readonly loss: number;
  readonly gradients: Readonly<Record<string, Stored>>;
  readonly float32Distance: Readonly<Record<string, number>>;
}

const RECURRENT = join(import.meta.dirname, 'fixtures', 'recurrent');

function cases(): [string, StepCase, Expected][] {
  const text = TEXT_MODELS.map((name): [string, StepCase, Expected] => {
    const { bytes, f } = textFixture(name);
    const step = { bytes: Array.from(bytes), ids: f.ids, target: f.target, classAxis: name === 'gpt' ? -1 : 1, dropoutMasks: f.dropoutMasks };
    return [name, step, { loss: f.loss, gradients: f.gradients, float32Distance: f.float32Distance }];
  });
  const recurrent = ['gru-classifier', 'lstm-classifier'].map((name): [string, StepCase, Expected] => {
    const f = JSON.parse(readFileSync(join(RECURRENT, `${name}.json`), 'utf8')) as TokenClassifierFixture;
    const step = { bytes: Array.from(readFileSync(join(RECURRENT, `${name}.onnx`))), ids: f.ids, target: { data: f.labels, dims: [f.labels.length] }, classAxis: 1 };
    return [name, step, { loss: f.loss, gradients: f.gradients, float32Distance: float32Distances(f) }];
  });
  return [...text, ...recurrent];
}

describe.skipIf(!chromium)(`PyTorch token-id models fine-tuned in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { train: './src/index.ts', ce: '@losskit/loss-cross-entropy', dropout: './test/support/pytorch-dropout.ts' },
    });
  });
  afterAll(async () => harness?.close());

  for (const [name, step, expected] of cases()) {
    it(`[chromium:wasm] ${name}: first-step loss and gradients match PyTorch float64`, async () => {
      const run = await harness.evaluate(
        async (m, arg: { step: StepCase; lr: number }) => {
          const { step } = arg;
          const masks = step.dropoutMasks;
          const trainer = await m.train.createTrainer({
            model: new Uint8Array(step.bytes),
            loss: m.ce.crossEntropy({ classAxis: step.classAxis }),
            optimizer: m.train.sgd({ lr: arg.lr }),
            provider: 'wasm',
            ...(masks ? { dropout: { mask: (node: string, s: number) => Float32Array.from(masks[m.dropout.dropoutModule(node)]![s - 1]!) } } : {}),
          });
          const before = await trainer.parameters();
          const { loss } = await trainer.step({
            input: { data: BigInt64Array.from(step.ids.data, BigInt), dims: step.ids.dims },
            target: { data: BigInt64Array.from(step.target.data, BigInt), dims: step.target.dims },
          });
          const after = await trainer.parameters();
          const gradients: Record<string, number[]> = {};
          for (const p of Object.keys(before)) gradients[p] = Array.from(before[p]!, (v: number, i: number) => (v - after[p]![i]!) / arg.lr);
          const provider = trainer.provider;
          await trainer.release();
          return { provider, loss, gradients };
        },
        { step, lr: RATE },
      );
      expect(run.provider).toBe('wasm');
      expect(Object.keys(run.gradients).toSorted()).toEqual(Object.keys(expected.gradients).toSorted());
      expect(Math.abs(run.loss - expected.loss) / expected.loss).toBeLessThanOrEqual(1e-5);
      for (const [p, { distance, allowed }] of Object.entries(gradientDistances(run.gradients, expected.gradients, expected.float32Distance))) {
        expect(distance, `d loss / d ${p}: max |losskit - float64|`).toBeLessThanOrEqual(allowed);
      }
    });
  }
});
