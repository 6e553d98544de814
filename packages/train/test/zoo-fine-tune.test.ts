// docs/fine-tune-pytorch.md, "Fine-tune only the classifier of mobilenet_v2": with
// `trainable: 'classifier.'` a step changes the classifier and nothing else. The eval-mode export
// (BatchNorm folded into the Convs) keeps every other initializer bit for bit; the training-mode
// export keeps every other weight, while its BatchNorms still update their running statistics
// from the batch, as PyTorch's `model.train()` does. The classifier's gradient is PyTorch's.
// (browser-pytorch.test.ts runs the eval-mode case in Chromium.)
import { describe, expect, it } from 'vitest';
import { compareWithPyTorch, onlyParameters, readZooFixture } from './support/zoo-fixtures';
import { CLASSIFIER, fineTuneClassifier } from './support/zoo-run';

describe('[node:cpu] fine-tuning only the classifier of mobilenet_v2', () => {
  for (const mode of ['eval', 'train'] as const) {
    it(`${mode}-mode export: trainable 'classifier.' trains the classifier and nothing else`, async () => {
      const { fixture: f, bytes } = readZooFixture('mobilenet_v2', mode);
      const run = await fineTuneClassifier(bytes, f, 'cpu');
      expect(run.parameterNames).toEqual(CLASSIFIER);
      const classifierOnly = onlyParameters(f, CLASSIFIER);
      const result = compareWithPyTorch(classifierOnly, run.loss, run.gradients);
      expect(result.failures).toEqual([]);
      expect(result.loss).toBeLessThanOrEqual(1);
      if (mode === 'eval') {
        expect(run.statistics).toEqual([]); // folded into the Convs by the export
        expect(run.changed.toSorted()).toEqual(CLASSIFIER.toSorted());
      } else {
        expect(run.statistics).toHaveLength(2 * 52);
        expect(run.changed.toSorted()).toEqual([...CLASSIFIER, ...run.statistics].toSorted());
      }
    });
  }
});
