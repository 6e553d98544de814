import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bce } from '@losskit/loss-bce';
import { binaryClassifier, sliceSamples, syntheticClasses } from '@losskit/models';
import type { ProviderRequest } from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';
import { positiveInteger } from './args';
import { lossCurves } from './figures/index';
import { progressBar } from './progress';

/** Accuracy of logits against {0, 1} labels (a logit > 0 predicts class 1). */
export function accuracy(logits: Float32Array, labels: Float32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if ((logits[i]! > 0 ? 1 : 0) === labels[i]) correct++;
  return correct / labels.length;
}

const CLASSIFY_USAGE = `Usage: pnpm demo:classify [--epochs 6] [--batch 32] [--size 32] [--provider auto] [--out out] [--seed 1]

Trains the small binary classifier with bce({ fromLogits: true }) on two synthetic classes
(horizontal vs vertical stripes) and reports loss and accuracy per epoch.`;

/** `pnpm demo:classify`: loss and accuracy curves of the binary classifier. */
export async function runClassifierDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      epochs: { type: 'string' },
      batch: { type: 'string' },
      size: { type: 'string' },
      provider: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(CLASSIFY_USAGE);
    return 0;
  }
  const epochs = positiveInteger('epochs', values.epochs, 6);
  const batch = positiveInteger('batch', values.batch, 32);
  const size = positiveInteger('size', values.size, 32);
  const seed = positiveInteger('seed', values.seed, 1);
  const out = values.out ?? 'out';
  const all = syntheticClasses({ count: 576, size, seed });
  const train = { inputs: sliceSamples(all.images, 0, 512), targets: sliceSamples(all.labels, 0, 512) };
  const test = { inputs: sliceSamples(all.images, 512, 576), targets: sliceSamples(all.labels, 512, 576) };
  const trainer = await createTrainer({
    model: binaryClassifier({ size, seed }),
    loss: bce({ fromLogits: true }),
    optimizer: adam({ lr: 3e-3 }),
    provider: (values.provider ?? 'auto') as ProviderRequest,
  });
  console.log(`Binary classifier (${trainer.parameterCount} parameters), bce({ fromLogits: true }), provider ${trainer.provider}`);
  const history: { epoch: number; trainLoss: number; testLoss: number; testAccuracy: number }[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const bar = progressBar(`epoch ${epoch}`, Math.floor(512 / batch));
      const fit = await trainer.fit(train, { epochs: 1, batchSize: batch, seed: seed + epoch, onProgress: (p) => bar.update(p.step, `loss ${p.loss.toFixed(4)}`) });
      const testLoss = (await trainer.evaluate(test)).loss;
      const testAccuracy = accuracy((await trainer.predict(test.inputs)).data, test.targets.data);
      const trainLoss = fit.losses.reduce((a, b) => a + b, 0) / fit.losses.length;
      history.push({ epoch, trainLoss, testLoss, testAccuracy });
      bar.finish(`train loss ${trainLoss.toFixed(4)}, test loss ${testLoss.toFixed(4)}, test accuracy ${(100 * testAccuracy).toFixed(1)}%`);
    }
  } finally {
    await trainer.release();
  }
  await mkdir(out, { recursive: true });
  await writeFile(
    join(out, 'classifier-curves.png'),
    lossCurves({
      series: [
        { label: 'train loss', values: history.map((h) => h.trainLoss), x: history.map((h) => h.epoch) },
        { label: 'test loss', values: history.map((h) => h.testLoss), x: history.map((h) => h.epoch) },
        { label: 'test accuracy', values: history.map((h) => h.testAccuracy), x: history.map((h) => h.epoch) },
      ],
      xLabel: 'epoch',
      yLabel: 'value',
      title: 'Binary classifier, bce from logits',
    }),
  );
  await writeFile(join(out, 'classifier.json'), `${JSON.stringify({ epochs, batch, size, seed, history }, null, 2)}\n`);
  console.log(`Wrote ${join(out, 'classifier-curves.png')}, ${join(out, 'classifier.json')}`);
  return 0;
}
