// `pnpm demo --model FILE.onnx`: fine-tune a user's autoencoder — here the one PyTorch exported
// for @losskit/train's fixtures (Conv, ReLU6, nn.Upsample, ZeroPad2d, Conv, Sigmoid) — with the
// demo's losses, and reject models that are not image autoencoders.
import { join } from 'node:path';
import type { ModuleImporter } from '@losskit/cli';
import { InvalidOptionError } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseDemoArguments } from '../src/args';
import { demoImages } from '../src/data';
import { runExperiment } from '../src/experiment';
import { lossByName } from '../src/losses';
import { loadUserModel } from '../src/user-model';

// Inside vitest, plugins load through Vite (TypeScript sources).
const importer: ModuleImporter = (specifier) => import(/* @vite-ignore */ specifier);
const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'packages', 'train', 'test', 'fixtures', 'pytorch');

describe('--model', () => {
  it('is parsed as a path', () => {
    expect(parseDemoArguments(['--model', 'ae.onnx'])?.model).toBe('ae.onnx');
    expect(DEFAULTS.model).toBeUndefined();
  });

  it("fine-tunes a PyTorch-exported autoencoder with a demo loss; the result runs in ONNX Runtime", async () => {
    const user = loadUserModel(join(FIXTURES, 'autoencoder-opset17.onnx'));
    expect(user.size).toBe(8);
    const settings = { ...DEFAULTS, size: user.size!, steps: 40, batch: 8, provider: 'cpu' as const, modelBytes: user.bytes };
    const data = await demoImages(settings);
    const [result] = await runExperiment([{ name: 'l1', plugin: await lossByName('l1', importer) }], data, settings);
    const curve = result!.lossCurve;
    expect(curve).toHaveLength(40);
    expect(curve.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(curve.slice(0, 5).reduce((a, b) => a + b) / 5);
    const session = await ort.InferenceSession.create(result!.onnx, { executionProviders: ['cpu'] });
    const out = await session.run({ x: new ort.Tensor('float32', data.heldOut.data, [...data.heldOut.dims]) });
    await session.release();
    expect(out.y!.dims).toEqual(data.heldOut.dims);
    const predicted = result!.reconstructions.data;
    (out.y!.data as Float32Array).forEach((v, i) => expect(Math.abs(v - predicted[i]!)).toBeLessThan(1e-5));
  });

  it('rejects a file that is missing or not an image autoencoder', () => {
    expect(() => loadUserModel(join(FIXTURES, 'missing.onnx'))).toThrowError(InvalidOptionError);
    expect(() => loadUserModel(join(FIXTURES, 'classifier-opset17.onnx'))).toThrowError(
      /--model: expected an autoencoder of RGB images: input and output \[batch, 3, height, width\], received input "x" \[batch, 3, 8, 8\], output "y" \[batch, 5\]/,
    );
  });
});
