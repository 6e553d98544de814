import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageBatch } from '@losskit/models';
import type { DemoSettings } from './args';
import type { LossResult } from './experiment';
import { lossCurves, reconstructionGrid } from './figures/index';
import { formatTable } from './table';

/** Images shown per row of the reconstruction grid. */
const GRID_COLUMNS = 8;

/** Where the images came from and how many were used. */
export interface DataSummary {
  readonly source: string;
  readonly train: number;
  readonly heldOut: number;
}

/** The JSON summary: per loss, the final training loss, wall time and held-out metrics. */
export function summarize(settings: DemoSettings, results: readonly LossResult[], data: DataSummary): Record<string, unknown> {
  return {
    settings: { ...settings, losses: [...settings.losses] },
    data,
    losses: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          plugin: r.plugin,
          options: r.options,
          provider: r.provider,
          finalTrainingLoss: r.finalTrainingLoss,
          wallTimeSeconds: r.wallTimeSeconds,
          heldOut: { psnr: r.heldOut.psnr, mae: r.heldOut.mae, lumaMae: r.heldOut.lumaMae },
          model: `${r.name}.onnx`,
        },
      ]),
    ),
  };
}

/** Writes reconstructions.png, loss-curves.png, summary.json and one .onnx per loss. Returns the paths. */
export async function writeOutputs(
  out: string,
  settings: DemoSettings,
  results: readonly LossResult[],
  originals: ImageBatch,
  data: DataSummary,
): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    [
      'reconstructions.png',
      reconstructionGrid({
        rows: [{ label: 'original', images: originals }, ...results.map((r) => ({ label: r.name, images: r.reconstructions }))],
        columns: GRID_COLUMNS,
        title: 'What each loss means by "equal" (held-out images)',
      }),
    ],
    [
      'loss-curves.png',
      lossCurves({ series: results.map((r) => ({ label: r.name, values: r.lossCurve })), logScale: true, title: 'Training loss per step' }),
    ],
    ['summary.json', `${JSON.stringify(summarize(settings, results, data), null, 2)}\n`],
    ...results.map((r): [string, Uint8Array] => [`${r.name}.onnx`, r.onnx]),
  ];
  for (const [name, content] of files) await writeFile(join(out, name), content);
  return files.map(([name]) => join(out, name));
}

/** The results table printed at the end. */
export function resultsTable(results: readonly LossResult[]): string {
  return formatTable(
    ['loss', 'train loss', 'PSNR dB', 'MAE r', 'MAE g', 'MAE b', 'MAE luma', 'time s'],
    results.map((r) => [
      r.name,
      r.finalTrainingLoss.toFixed(4),
      r.heldOut.psnr.toFixed(2),
      r.heldOut.mae.r.toFixed(3),
      r.heldOut.mae.g.toFixed(3),
      r.heldOut.mae.b.toFixed(3),
      r.heldOut.lumaMae.toFixed(3),
      r.wallTimeSeconds.toFixed(1),
    ]),
  );
}
