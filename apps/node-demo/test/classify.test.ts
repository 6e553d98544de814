// `pnpm demo:classify` end to end, as it runs by default (10 epochs, seed 1) but on the CPU
// provider: both models must reach 95 % on the 451 held-out digits, and every file it writes
// must be usable. The whole default run is a few seconds of CPU, so CI runs all of it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confusionAccuracy } from '@losskit/models';
import { describe, expect, it } from 'vitest';
import { CLASSIFY_DEFAULTS } from '../src/classify-args';
import { writeClassifyOutputs } from '../src/classify-outputs';
import { type ClassifierResult, cosineLearningRate, digitSplit, trainDigitClassifier } from '../src/classify-training';
import { open } from './support/png';

/** Held-out digits of each class at a quarter per class (round(n / 4) of 178, 182, 177, ...). */
const HELD_OUT_PER_DIGIT = [45, 46, 44, 46, 45, 46, 45, 45, 44, 45];

describe('cosineLearningRate', () => {
  it('starts at lr, halves at mid-training and ends near 0', () => {
    expect(cosineLearningRate(0.01, 1, 10)).toBe(0.01);
    // cos(pi * 5 / 10) = 0.
    expect(cosineLearningRate(0.01, 6, 10)).toBeCloseTo(0.005, 15);
    // 0.01 * (1 + cos(0.9 pi)) / 2 = 0.01 * 0.0244717...
    expect(cosineLearningRate(0.01, 10, 10)).toBeCloseTo(2.44717e-4, 9);
  });
});

describe('demo:classify with its defaults (cpu)', async () => {
  const settings = { ...CLASSIFY_DEFAULTS, provider: 'cpu' as const };
  const data = digitSplit(settings.seed);
  const results: ClassifierResult[] = [];
  for (const name of settings.models) results.push(await trainDigitClassifier(name, data, settings));
  const out = mkdtempSync(join(tmpdir(), 'losskit-classify-'));
  const files = await writeClassifyOutputs(out, settings, data, results);

  it.each(CLASSIFY_DEFAULTS.models)('%s reaches at least 95 percent held-out accuracy', (name) => {
    const r = results.find((result) => result.name === name)!;
    expect(r.history).toHaveLength(10);
    expect(r.history.at(-1)!.heldOutAccuracy).toBeGreaterThanOrEqual(0.95);
    // It learned over the epochs: the last held-out loss is well below the first.
    expect(r.history.at(-1)!.heldOutLoss).toBeLessThan(0.5 * r.history[0]!.heldOutLoss);
  });

  it('reports the same accuracy from the trainer and from the confusion matrix of its predictions', () => {
    for (const r of results) {
      expect(r.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(HELD_OUT_PER_DIGIT);
      expect(confusionAccuracy(r.confusion)).toBeCloseTo(r.history.at(-1)!.heldOutAccuracy, 12);
    }
  });

  it('writes the curves, a confusion matrix per model and a summary that agree with the results', () => {
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['classify-loss.png', 'classify-accuracy.png', 'classify-confusion-mlp.png', 'classify-confusion-cnn.png', 'classify.json']);
    for (const file of files.filter((f) => f.endsWith('.png'))) {
      const png = open(readFileSync(file));
      expect(png.width, file).toBeGreaterThan(400);
      expect(png.height, file).toBeGreaterThan(400);
    }
    const summary = JSON.parse(readFileSync(join(out, 'classify.json'), 'utf8')) as {
      data: { train: number; heldOut: number };
      models: Record<string, { parameters: number; heldOutAccuracy: number; confusion: number[][] }>;
    };
    expect(summary.data).toMatchObject({ train: 1346, heldOut: 451 });
    expect(summary.models.mlp!.parameters).toBe(9610);
    expect(summary.models.cnn!.parameters).toBe(6090);
    expect(summary.models.cnn!.confusion).toEqual(results[1]!.confusion);
  });
});
