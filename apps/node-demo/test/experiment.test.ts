// A shortened run of the seed experiment on the bundled photos: the findings must already show
// after 200 steps on photos the model never saw, and every output file must be usable.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleImporter } from '@losskit/cli';
import { decodeImage } from '@losskit/models';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/args';
import { demoImages } from '../src/data';
import { type LossResult, runExperiment } from '../src/experiment';
import { lossByName } from '../src/losses';
import { dataSummary, writeOutputs } from '../src/outputs';

// Inside vitest, plugins load through Vite (TypeScript sources).
const importer: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);
const meanColorError = (r: LossResult) => (r.heldOut.mae.r + r.heldOut.mae.g + r.heldOut.mae.b) / 3;

describe('the seed experiment on the bundled photos (200 steps, cpu)', async () => {
  const settings = { ...DEFAULTS, losses: ['l1', 'luma', 'red'], steps: 200, provider: 'cpu' as const };
  const data = await demoImages(settings);
  const losses = await Promise.all(settings.losses.map(async (name) => ({ name, plugin: await lossByName(name, importer) })));
  const results = await runExperiment(losses, data, settings);
  const [l1, luma, red] = results as [LossResult, LossResult, LossResult];

  it('holds whole photos out: the held-out photos are not among the training photos', () => {
    expect(data.heldOutIsUnseen).toBe(true);
    expect(data.trainFiles.length + data.heldOutFiles.length).toBe(10);
    expect(data.heldOutFiles.length).toBe(3);
    expect(data.trainFiles.filter((f) => data.heldOutFiles.includes(f))).toEqual([]);
  });

  it('no run collapsed', () => {
    expect(results.map((r) => r.collapsed)).toEqual([false, false, false]);
  });

  it('red-only training reproduces red and neglects green and blue', () => {
    expect(red.heldOut.mae.r).toBeLessThan(0.6 * Math.min(red.heldOut.mae.g, red.heldOut.mae.b));
  });

  it('luma-only training matches luma like l1 does, with far worse colors', () => {
    expect(luma.heldOut.lumaMae).toBeLessThan(1.25 * l1.heldOut.lumaMae);
    expect(meanColorError(luma)).toBeGreaterThan(1.2 * meanColorError(l1));
  });

  it('l1 gives the best PSNR of the three', () => {
    expect(l1.heldOut.psnr).toBeGreaterThan(Math.max(luma.heldOut.psnr, red.heldOut.psnr));
  });

  it('writes the figures, the summary and runnable models', async () => {
    const out = mkdtempSync(join(tmpdir(), 'losskit-demo-'));
    const run = { wallTimeSeconds: 12.5, cpuTimeSeconds: 20, loadAverageAtStart: 0.3, cpus: 2, node: process.version };
    const files = await writeOutputs(out, settings, results, data.heldOut, dataSummary(data), run);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(['reconstructions.png', 'loss-curves.png', 'summary.json', 'l1.onnx', 'luma.onnx', 'red.onnx']);
    const grid = decodeImage(readFileSync(join(out, 'reconstructions.png')));
    expect(grid.dims[0]).toBe(3);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.losses)).toEqual(['l1', 'luma', 'red']);
    expect(summary.data.heldOutFiles).toHaveLength(3);
    expect(summary.losses.red.heldOut.mae.r).toBeCloseTo(red.heldOut.mae.r, 10);
    expect(summary.losses.red.plugin).toBe('channel');
    expect(summary.losses.red.collapsed).toBe(false);
    expect(summary.losses.l1.wallTimeSeconds).toBeGreaterThan(0);
    expect(summary.run).toEqual(run);
    // An exported model runs in plain onnxruntime-node and reproduces the trainer's reconstruction.
    const session = await ort.InferenceSession.create(readFileSync(join(out, 'red.onnx')));
    const first = data.heldOut.data.slice(0, 3 * 32 * 32);
    const output = await session.run({ image: new ort.Tensor('float32', first, [1, 3, 32, 32]) });
    const expected = red.reconstructions.data.slice(0, 3 * 32 * 32);
    const worst = Math.max(...Array.from(output.reconstruction!.data as Float32Array, (v, i) => Math.abs(v - expected[i]!)));
    expect(worst).toBeLessThan(1e-5);
    await session.release();
  });
});
