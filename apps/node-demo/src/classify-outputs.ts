import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { confusionAccuracy } from '@losskit/models';
import type { ClassifySettings } from './classify-args';
import type { ClassifierResult, DigitSplit } from './classify-training';
import { type Color, type CurveSeries, SERIES_COLORS, confusionMatrixFigure, lossCurves } from './figures/index';
import { formatTable } from './table';

/** A model's training curve in a lighter tone of its held-out curve's color. */
function lighter(color: Color): Color {
  return color.map((c) => Math.round(c + (255 - c) * 0.55)) as unknown as Color;
}

/** Two curves per model, training (light) and held-out (full color), of `value` per epoch. */
function curves(results: readonly ClassifierResult[], value: (r: ClassifierResult, part: 'train' | 'heldOut') => number[]): CurveSeries[] {
  return results.flatMap((r, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    const x = r.history.map((h) => h.epoch);
    return [
      { label: `${r.name} train`, values: value(r, 'train'), x, color: lighter(color) },
      { label: `${r.name} held-out`, values: value(r, 'heldOut'), x, color },
    ];
  });
}

/** How many held-out digits a result got right, of how many. */
function correct(r: ClassifierResult): [number, number] {
  const total = r.confusion.flat().reduce((a, b) => a + b, 0);
  return [Math.round(confusionAccuracy(r.confusion) * total), total];
}

/** The JSON summary: settings, the split, and per model its history and held-out confusion matrix. */
export function classifySummary(settings: ClassifySettings, data: DigitSplit, results: readonly ClassifierResult[]): Record<string, unknown> {
  return {
    settings: { ...settings, models: [...settings.models] },
    data: { source: 'UCI Optical Recognition of Handwritten Digits (test set, CC BY 4.0), via @losskit/models digits()', train: data.train.labels.dims[0], heldOut: data.heldOut.labels.dims[0] },
    loss: 'crossEntropy()',
    optimizer: `adamw({ lr: ${settings.lr} }), cosine decay per epoch`,
    models: Object.fromEntries(
      results.map((r) => [
        r.name,
        { title: r.title, parameters: r.parameters, provider: r.provider, seconds: r.seconds, heldOutAccuracy: confusionAccuracy(r.confusion), history: r.history, confusion: r.confusion },
      ]),
    ),
  };
}

/** Writes classify-loss.png, classify-accuracy.png, one classify-confusion-<model>.png per model and classify.json. Returns the paths. */
export async function writeClassifyOutputs(out: string, settings: ClassifySettings, data: DigitSplit, results: readonly ClassifierResult[]): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    [
      'classify-loss.png',
      lossCurves({
        series: curves(results, (r, part) => r.history.map((h) => (part === 'train' ? h.trainLoss : h.heldOutLoss))),
        logScale: true,
        xLabel: 'epoch',
        yLabel: 'cross-entropy',
        title: 'Digits: loss per epoch',
      }),
    ],
    [
      'classify-accuracy.png',
      lossCurves({
        series: curves(results, (r, part) => r.history.map((h) => 100 * (part === 'train' ? h.trainAccuracy : h.heldOutAccuracy))),
        xLabel: 'epoch',
        yLabel: 'accuracy %',
        title: 'Digits: accuracy per epoch',
        // Accuracies rise to the top right: the legend goes below them.
        legendCorner: 'bottom-right',
      }),
    ],
    ...results.map((r): [string, Uint8Array] => {
      const [right, total] = correct(r);
      const accuracy = ((100 * right) / total).toFixed(1);
      return [`classify-confusion-${r.name}.png`, confusionMatrixFigure({ matrix: r.confusion, title: `${r.name.toUpperCase()} held-out: ${right}/${total} right (${accuracy}%)` })];
    }),
    ['classify.json', `${JSON.stringify(classifySummary(settings, data, results), null, 2)}\n`],
  ];
  for (const [name, content] of files) await writeFile(join(out, name), content);
  return files.map(([name]) => join(out, name));
}

/** The results table printed at the end. */
export function classifyTable(results: readonly ClassifierResult[]): string {
  return formatTable(
    ['model', 'parameters', 'held-out accuracy', 'held-out loss', 'time s'],
    results.map((r) => {
      const [right, total] = correct(r);
      return [r.title, r.parameters.toLocaleString('en-US'), `${((100 * right) / total).toFixed(1)}% (${right}/${total})`, r.history.at(-1)!.heldOutLoss.toFixed(4), r.seconds.toFixed(1)];
    }),
  );
}
