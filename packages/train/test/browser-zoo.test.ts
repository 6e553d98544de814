// The torchvision zoo trained inside Chromium on onnxruntime-web's wasm provider, as in Node
// (zoo.test.ts): the page regenerates the weights, takes the first step and two Adam steps; the
// first step's loss and gradients must match PyTorch's float64 values as closely as PyTorch's own
// float32 ones (support/zoo-fixtures.ts). By default one model per export mode;
// `LOSSKIT_ZOO=all` runs all five in both modes. Then the guide's classifier-only fine-tuning
// of mobilenet_v2 (zoo-fine-tune.test.ts) in the page.
import { fileURLToPath } from 'node:url';
import { type BrowserHarness, findChromium, isCi, launchBrowserHarness } from '@losskit/browser-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZooFixture, compareWithPyTorch, onlyParameters, readZooFixture, recordZooMatch, zooCases } from './support/zoo-fixtures';
import { CLASSIFIER, type ClassifierRun, type ZooRun } from './support/zoo-run';

const chromium = findChromium();
if (!chromium && isCi()) throw new Error('CI requires Chromium for the browser tests (apt-get install chromium)');

describe.skipIf(!chromium)(`torchvision models fine-tuned in Chromium${chromium ? '' : ' (skipped: Chromium not found)'}`, () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await launchBrowserHarness({
      root: fileURLToPath(new URL('..', import.meta.url)),
      modules: { zoo: './test/support/zoo-run.ts' },
    });
  });
  afterAll(async () => harness?.close());

  for (const [name, mode] of zooCases('chromium')) {
    it(`[chromium:wasm] ${name} (${mode}-mode export): first-step loss and gradients match PyTorch; an Adam step lowers the loss`, async () => {
      const { fixture: f, bytes } = readZooFixture(name, mode);
      const run = await harness.evaluate(
        (m, arg: { bytes: number[]; f: Pick<ZooFixture, 'batch' | 'size' | 'classes'> }): Promise<ZooRun> =>
          m.zoo.runZooModel(new Uint8Array(arg.bytes), arg.f, 'wasm', true),
        { bytes: Array.from(bytes), f: { batch: f.batch, size: f.size, classes: f.classes } },
      );
      expect(run.provider).toBe('wasm');
      expect(run.parameterNames.toSorted()).toEqual(Object.keys(f.parameters).toSorted());
      const result = compareWithPyTorch(f, run.loss, run.gradients);
      recordZooMatch({ model: name, mode, provider: 'chromium:wasm', ...result, failures: result.failures.length });
      expect(result.failures).toEqual([]);
      expect(result.loss).toBeLessThanOrEqual(1);
      expect(run.adamLosses![1]).toBeLessThan(run.adamLosses![0]);
      expect(run.finite).toBe(true);
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
