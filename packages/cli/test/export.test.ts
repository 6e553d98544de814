import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@losskit/core';
import { decodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type ModuleImporter, loadLossPlugin, parseExportArguments, runExport } from '../src/index';

// Inside vitest, modules resolve through Vite (TypeScript sources); the real CLI resolves from
// the working directory instead (importFrom(process.cwd())).
const viteImporter: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);

describe('losskit export', () => {
  it('writes an .onnx model that onnxruntime-node loads and runs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'losskit-cli-')), 'l1.onnx');
    const args = parseExportArguments(['l1', '--dims', '2,3', '--out', out, '--reduction=sum', '--gradient', '--weights', '2,1']);
    const message = await runExport(args, viteImporter);
    expect(message).toMatch(/^Wrote .*l1\.onnx \(\d+ bytes\): l1, dims \[2, 3\], reduction sum, outputs loss, gradient$/);
    const bytes = readFileSync(out);
    const model = decodeModel(new Uint8Array(bytes));
    expect(model.graph.inputs.map((i) => i.name)).toEqual(['prediction', 'target', 'weights']);
    expect(model.metadata['losskit.plugin']).toBe('l1');
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({
      prediction: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]),
      target: new ort.Tensor('float32', Float32Array.of(0, 0, 0, 0, 0, 0), [2, 3]),
      weights: new ort.Tensor('float32', Float32Array.of(1, 0.5), [2, 1]),
    });
    // Σ w|p - t| = (1 + 2 + 3) * 1 + (4 + 5 + 6) * 0.5 = 13.5; d/dp = w * sign(p - t).
    expect(Array.from(result.loss!.data as Float32Array)).toEqual([13.5]);
    expect(Array.from(result.gradient!.data as Float32Array)).toEqual([1, 1, 1, 0.5, 0.5, 0.5]);
    await session.release();
  });

  it('rejects bad arguments with errors naming the flag', () => {
    expect(() => parseExportArguments(['l1', '--out', 'x.onnx'])).toThrowError(
      'Invalid option --dims: expected comma-separated positive integers like 8,3,32,32, received undefined',
    );
    expect(() => parseExportArguments(['l1', '--dims', '8,0', '--out', 'x.onnx'])).toThrowError(/--dims/);
    expect(() => parseExportArguments(['l1', '--dims', '8', '--out', 'x.onnx', '--fast'])).toThrowError(/unknown flag --fast/);
    expect(() => parseExportArguments(['l1', '--dims', '8'])).toThrowError(/Invalid option --out/);
    expect(() => parseExportArguments(['l1', '--dims', '8', '--out', 'x', '--reduction', 'avg'])).toThrowError(/Invalid option reduction/);
    expect(() => parseExportArguments(['l1', '--dims', '8', '--out', 'x', '--options', '{bad'])).toThrowError(InvalidOptionError);
  });

  it('names the packages it tried for an unknown plugin', async () => {
    await expect(loadLossPlugin('nope', {}, viteImporter)).rejects.toThrowError(
      /Invalid option plugin: expected an installed loss plugin package or file; tried @losskit\/loss-nope .*losskit-plugin-nope .*nope/,
    );
  });

  it('passes plugin options through the factory (and its validation)', async () => {
    await expect(loadLossPlugin('l1', { unknown: 1 }, viteImporter)).rejects.toThrowError('Invalid option l1.unknown');
    const plugin = await loadLossPlugin('@losskit/loss-l1', {}, viteImporter);
    expect(plugin.name).toBe('l1');
  });
});

describe('importFrom (the resolver the CLI uses)', () => {
  it('loads a plugin module from a path relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losskit-plugin-'));
    // A hand-written plugin module with no imports, as a third party might publish.
    const source = `
      const create = (options) => ({
        name: 'twice', description: 'twice the difference', docs: undefined, options,
        elementwise: (g, p, t) => g.mul(g.sub(p, t), 2),
        reference: (p, t) => ({ data: p.data.map((v, i) => 2 * (v - t.data[i])), dims: p.dims }),
      });
      export const twice = Object.assign((options = {}) => create(options), { pluginName: 'twice' });
    `;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'twice.mjs'), source);
    const { importFrom } = await import('../src/index');
    const plugin = await loadLossPlugin('./twice.mjs', {}, importFrom(dir));
    expect(plugin.name).toBe('twice');
    expect(Array.from(plugin.reference({ data: Float64Array.of(3), dims: [1] }, { data: Float64Array.of(1), dims: [1] }).data)).toEqual([4]);
  });
});
