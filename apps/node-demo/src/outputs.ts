import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { ImageBatch } from '@losskit/models';
import type { DemoSettings } from './args';
import type { DemoData } from './data';
import type { LossResult } from './experiment';
import { lossCurves, reconstructionGrid } from './figures/index';
import { formatTable } from './table';

/** Images shown per row of the reconstruction grid. */
const GRID_COLUMNS = 8;
/** Screen pixels per image pixel in the grid: 32-pixel images become 128-pixel cells. */
const GRID_SCALE = 4;

/** A grid row's label: the loss and its held-out PSNR (or that it collapsed). */
function rowLabel(r: LossResult): string {
  return r.collapsed ? `${r.name} COLLAPSED` : `${r.name} ${r.heldOut.psnr.toFixed(1)} dB`;
}

/** Where the images came from, how many were used, and which photo files trained and were held out (names only). */
export type DataSummary = Pick<DemoData, 'source' | 'trainFiles' | 'heldOutFiles' | 'heldOutIsUnseen'> & {
  /** Training images (crops) and held-out images. */
  readonly train: number;
  readonly heldOut: number;
};

/** The summary's data entry, with file names relative to their folder. */
export function dataSummary(data: DemoData): DataSummary {
  return {
    source: data.source === 'synthetic' ? 'synthetic' : relative(process.cwd(), data.source) || '.',
    train: data.train.dims[0],
    heldOut: data.heldOut.dims[0],
    trainFiles: data.trainFiles.map((f) => basename(f)),
    heldOutFiles: data.heldOutFiles.map((f) => basename(f)),
    heldOutIsUnseen: data.heldOutIsUnseen,
  };
}

/** How long the whole run took, and on what: the figures the README quotes come from here. */
export interface RunSummary {
  /** Seconds from the process's start until the outputs are written. */
  readonly wallTimeSeconds: number;
  /** CPU time of the process (user + system), in seconds: ONNX Runtime runs several threads. */
  readonly cpuTimeSeconds: number;
  /** The 1-minute load average when the run started: other work on the machine slows the run. */
  readonly loadAverageAtStart: number;
  readonly cpus: number;
  readonly node: string;
}

/** The JSON summary: how the run went, then per loss the final training loss, wall time and held-out metrics. */
export function summarize(settings: DemoSettings, results: readonly LossResult[], data: DataSummary, run?: RunSummary): Record<string, unknown> {
  return {
    settings: { ...settings, losses: [...settings.losses] },
    ...(run ? { run } : {}),
    data,
    losses: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          plugin: r.plugin,
          options: r.options,
          provider: r.provider,
          collapsed: r.collapsed,
          initialTrainingLoss: r.initialTrainingLoss,
          finalTrainingLoss: r.finalTrainingLoss,
          wallTimeSeconds: r.wallTimeSeconds,
          heldOut: { psnr: r.heldOut.psnr, ssim: r.heldOut.ssim, mae: r.heldOut.mae, lumaMae: r.heldOut.lumaMae },
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
  run?: RunSummary,
): Promise<string[]> {
  await mkdir(out, { recursive: true });
  const files: [string, Uint8Array | string][] = [
    [
      'reconstructions.png',
      reconstructionGrid({
        rows: [{ label: 'original', images: originals }, ...results.map((r) => ({ label: rowLabel(r), images: r.reconstructions }))],
        columns: GRID_COLUMNS,
        scale: GRID_SCALE,
        title: data.heldOutIsUnseen ? 'What each loss means by "equal" (photos never trained on)' : 'What each loss means by "equal" (held-out crops)',
      }),
    ],
    [
      'loss-curves.png',
      lossCurves({ series: results.map((r) => ({ label: r.name, values: r.lossCurve })), logScale: true, title: 'Training loss per step' }),
    ],
    ['summary.json', `${JSON.stringify(summarize(settings, results, data, run), null, 2)}\n`],
    ...results.map((r): [string, Uint8Array] => [`${r.name}.onnx`, r.onnx]),
  ];
  for (const [name, content] of files) await writeFile(join(out, name), content);
  return files.map(([name]) => join(out, name));
}

/** The results table printed at the end. */
export function resultsTable(results: readonly LossResult[]): string {
  return formatTable(
    ['loss', 'status', 'train loss', 'PSNR dB', 'SSIM', 'MAE r', 'MAE g', 'MAE b', 'MAE luma', 'time s'],
    results.map((r) => [
      r.name,
      r.collapsed ? 'COLLAPSED' : 'ok',
      r.finalTrainingLoss.toFixed(4),
      r.heldOut.psnr.toFixed(2),
      Number.isNaN(r.heldOut.ssim) ? '—' : r.heldOut.ssim.toFixed(3),
      r.heldOut.mae.r.toFixed(3),
      r.heldOut.mae.g.toFixed(3),
      r.heldOut.mae.b.toFixed(3),
      r.heldOut.lumaMae.toFixed(3),
      r.wallTimeSeconds.toFixed(1),
    ]),
  );
}
