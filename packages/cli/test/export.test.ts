import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidOptionError } from '@losskit/core';
import { decodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type ModuleImporter, importFrom, loadLossPlugin, parseExportArguments, runExport } from '../src/index';

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

  it('exports a loss over class indices with an int64 target, which onnxruntime-node runs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'losskit-cli-')), 'ce.onnx');
    const message = await runExport(parseExportArguments(['cross-entropy', '--dims', '2,3', '--out', out, '--gradient']), viteImporter);
    expect(message).toMatch(/: cross-entropy, dims \[2, 3\], inputs target int64 \[2\], reduction mean, outputs loss, gradient$/);
    const bytes = readFileSync(out);
    expect(decodeModel(new Uint8Array(bytes)).graph.inputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([
      ['prediction', 'float32', [2, 3]],
      ['target', 'int64', [2]],
    ]);
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({
      prediction: new ort.Tensor('float32', Float32Array.of(0, 0, 0, 1, 1, 1), [2, 3]),
      target: new ort.Tensor('int64', BigInt64Array.of(0n, 2n), [2]),
    });
    // Equal logits: -log(1/3) = log 3 per row; gradient (1/3 - one-hot) / 2.
    expect((result.loss!.data as Float32Array)[0]).toBeCloseTo(Math.log(3), 6);
    Array.from(result.gradient!.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo([-1 / 3, 1 / 6, 1 / 6, 1 / 6, 1 / 6, -1 / 3][i]!, 6));
    await session.release();
    expect(parseExportArguments(['ctc', '--dims', '12,2,5', '--out', out, '--input', 'target=2,4']).inputDims).toEqual({ target: [2, 4] });
    expect(() => parseExportArguments(['ctc', '--dims', '12,2,5', '--out', out, '--input', 'target'])).toThrowError(/--input: expected name=dims/);
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
      /Invalid option plugin: expected an installed loss plugin package or a path to one; tried @losskit\/loss-nope .*; losskit-loss-nope .*; nope /,
    );
  });

  it('passes plugin options through the factory (and its validation)', async () => {
    await expect(loadLossPlugin('l1', { unknown: 1 }, viteImporter)).rejects.toThrowError('Invalid option l1.unknown');
    const plugin = await loadLossPlugin('@losskit/loss-l1', {}, viteImporter);
    expect(plugin.name).toBe('l1');
  });
});

const twiceSource = (name: string) => `
  const create = (options) => ({
    name: '${name}', description: 'twice the difference', docs: undefined, options,
    elementwise: (g, p, t) => g.mul(g.sub(p, t), 2),
    reference: (p, t) => ({ data: p.data.map((v, i) => 2 * (v - t.data[i])), dims: p.dims }),
  });
  export const twice = Object.assign((options = {}) => create(options), { pluginName: 'twice' });
`;

/** A package folder `node_modules/<name>` (or any folder) holding an ESM-only package. */
function writePackage(folder: string, name: string, source: string): void {
  mkdirSync(join(folder, 'dist'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, type: 'module', exports: { '.': { import: './dist/index.js' } } }));
  writeFileSync(join(folder, 'dist', 'index.js'), source);
}

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
    writeFileSync(join(dir, 'twice.mjs'), source);
        const plugin = await loadLossPlugin('./twice.mjs', {}, importFrom(dir));
    expect(plugin.name).toBe('twice');
    const [p, t] = [{ data: Float64Array.of(3), dims: [1] }, { data: Float64Array.of(1), dims: [1] }];
    expect(Array.from(plugin.reference(p, t, { prediction: p, target: t }).data)).toEqual([4]);
  });

  it('finds an installed third-party package by short name, under the naming convention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losskit-plugin-'));
    writePackage(join(dir, 'node_modules', 'losskit-loss-twice'), 'losskit-loss-twice', twiceSource('twice'));
    const nested = join(dir, 'src', 'deep');
    mkdirSync(nested, { recursive: true });
    expect((await loadLossPlugin('twice', {}, importFrom(nested))).name).toBe('twice');
    expect((await loadLossPlugin('losskit-loss-twice', {}, importFrom(dir))).name).toBe('twice');
  });

  it('loads a package folder by path, through its exports map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losskit-plugin-'));
    writePackage(join(dir, 'losskit-loss-twice'), 'losskit-loss-twice', twiceSource('twice'));
    expect((await loadLossPlugin('./losskit-loss-twice', {}, importFrom(dir))).name).toBe('twice');
    expect((await loadLossPlugin(join(dir, 'losskit-loss-twice'), {}, importFrom(tmpdir()))).name).toBe('twice');
  });

  it('says when a path does not exist or a module exports no plugin factory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losskit-plugin-'));
    await expect(loadLossPlugin('./missing', {}, importFrom(dir))).rejects.toThrowError(/tried \.\/missing \(no file or folder .*missing\)/);
    writeFileSync(join(dir, 'plain.mjs'), 'export const twice = () => 2; export const other = 1;');
    await expect(loadLossPlugin('./plain.mjs', {}, importFrom(dir))).rejects.toThrowError(
      'Invalid option plugin: expected a module exporting a plugin factory made with defineLossPlugin, received ./plain.mjs exporting no plugin factory (exports: twice, other)',
    );
  });

  it('says which check of the contract a plugin fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losskit-plugin-'));
    writeFileSync(join(dir, 'no-reference.mjs'), twiceSource('twice').replace(/reference: .*\n/, ''));
    await expect(loadLossPlugin('./no-reference.mjs', {}, importFrom(dir))).rejects.toThrowError(
      'Invalid option plugin: expected a factory whose plugin meets the loss-plugin contract, received ./no-reference.mjs: twice() fails it: "reference" is not a function (received undefined)',
    );
    writeFileSync(join(dir, 'renamed.mjs'), twiceSource('thrice'));
    await expect(loadLossPlugin('./renamed.mjs', {}, importFrom(dir))).rejects.toThrowError(/twice\(\) made a plugin named "thrice"/);
  });
});
