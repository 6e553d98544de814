// docs/fine-tune-pytorch.md, "Fine-tune only the classifier of mobilenet_v2": with
// `trainable: 'classifier.'` a step changes the classifier and nothing else. The eval-mode export
// (BatchNorm folded into the Convs) keeps every other initializer bit for bit; the training-mode
// export keeps every other weight, while its BatchNorms still update their running statistics
// from the batch, as PyTorch's `model.train()` does. The classifier's gradient is PyTorch's.
import { type Model, type Tensor, decodeModel } from '@losskit/graph';
import { bce } from '@losskit/loss-bce';
import { describe, expect, it } from 'vitest';
import { createTrainer, sgd } from '../src/index';
import { compareWithPyTorch, readZooFixture } from './support/zoo-fixtures';
import { RATE, gradientsOfStep } from './support/zoo-run';
import { summarize, zooBatch, zooMask, zooModel } from './support/zoo-weights';

const CLASSIFIER = ['classifier.1.weight', 'classifier.1.bias'];

function bytesOf(t: Tensor): Uint8Array {
  const data = t.data as ArrayBufferView;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
const same = (a: Tensor, b: Tensor) => Buffer.compare(bytesOf(a), bytesOf(b)) === 0;
const initializers = (m: Model) => new Map(m.graph.initializers.map((t) => [t.name, t]));

describe('[node:cpu] fine-tuning only the classifier of mobilenet_v2', () => {
  for (const mode of ['eval', 'train'] as const) {
    it(`${mode}-mode export: trainable 'classifier.' trains the classifier and nothing else`, async () => {
      const { fixture: f, bytes } = readZooFixture('mobilenet_v2', mode);
      const model = zooModel(bytes);
      const trainer = await createTrainer({
        model,
        loss: bce({ fromLogits: true }),
        optimizer: sgd({ lr: RATE }),
        trainable: 'classifier.',
        provider: 'cpu',
        dropout: { mask: zooMask },
      });
      expect(trainer.parameterNames).toEqual(CLASSIFIER);
      const before = await trainer.parameters();
      const { loss } = await trainer.step(zooBatch(f.batch, f.size, f.classes));
      const after = await trainer.parameters();
      const trained = decodeModel(await trainer.exportOnnx());
      await trainer.release();

      const gradients = gradientsOfStep(before, after);
      const classifierOnly = { ...f, parameters: Object.fromEntries(CLASSIFIER.map((p) => [p, f.parameters[p]!])) };
      const result = compareWithPyTorch(classifierOnly, loss, summarize(gradients));
      expect(result.failures).toEqual([]);
      expect(result.loss).toBeLessThanOrEqual(1);

      const original = initializers(model);
      const changed: string[] = [];
      for (const [name, t] of initializers(trained)) {
        expect(original.has(name), name).toBe(true);
        if (!same(t, original.get(name)!)) changed.push(name);
      }
      const statistics = [...original.keys()].filter((n) => /running_(mean|var)$/.test(n));
      if (mode === 'eval') {
        expect(statistics).toEqual([]); // folded into the Convs by the export
        expect(changed.toSorted()).toEqual(CLASSIFIER.toSorted());
      } else {
        expect(statistics.length).toBe(2 * 52);
        expect(changed.toSorted()).toEqual([...CLASSIFIER, ...statistics].toSorted());
      }
    });
  }
});
