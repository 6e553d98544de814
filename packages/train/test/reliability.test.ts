// A long run must never lose its work: release() races, fit options that would silently train
// nothing, divergence (of the loss or of the update) and checkpoint files.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, InvalidOptionError, ReleasedError } from '@losskit/core';
import { decodeModel, encodeModel } from '@losskit/graph';
import { afterAll, describe, expect, it } from 'vitest';
import { NonFiniteLossError, adam, createTrainer, loadCheckpointFile, saveCheckpointFile, sgd, writeFileAtomic } from '../src/node';
import { featureModel, mse, seeded } from './support/models';

const N = 64;
const F = 4;
const inputs = { data: seeded(N * F, 3, -2, 2), dims: [N, F] };
const targets = { data: inputs.data.map((v) => 1 / (1 + Math.exp(-(2 * v - 0.5)))), dims: [N, F] };
const batch = { input: { data: inputs.data.slice(0, 16 * F), dims: [16, F] }, target: { data: targets.data.slice(0, 16 * F), dims: [16, F] } };
const folder = mkdtempSync(join(tmpdir(), 'losskit-train-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('release()', () => {
  it('refuses work asked for while it waits, finishes work queued before, and is harmless twice', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    const before = trainer.step(batch);
    const releasing = trainer.release();
    const during = trainer.step(batch);
    const saveDuring = trainer.saveCheckpoint();
    await expect(during).rejects.toBeInstanceOf(ReleasedError);
    await expect(saveDuring).rejects.toThrowError('This trainer was released; create a new one');
    expect((await before).step).toBe(1);
    await releasing;
    await trainer.release();
    await Promise.all([trainer.release(), trainer.release()]);
    await expect(trainer.fit({ inputs, targets })).rejects.toMatchObject({ code: 'ERR_RELEASED' });
    expect(trainer.steps).toBe(1);
  });
});

describe('fit options', () => {
  it.each([
    [{ maxSteps: Number.NaN }, 'Invalid option fit.maxSteps: expected a positive integer, received NaN'],
    [{ maxSteps: 0 }, 'fit.maxSteps: expected a positive integer, received 0'],
    [{ maxSteps: -3 }, 'received -3'],
    [{ maxSteps: 2.5 }, 'received 2.5'],
    [{ maxSteps: '10' }, 'received "10"'],
    [{ epochs: Number.POSITIVE_INFINITY }, 'fit.epochs: expected a positive integer, received Infinity'],
    [{ batchSize: 0 }, 'fit.batchSize: expected a positive integer, received 0'],
    [{ seed: 0.5 }, 'fit.seed: expected an integer, received 0.5'],
    [{ shuffle: 'no' }, 'fit.shuffle: expected a boolean, received "no"'],
    [{ onProgress: 'log' }, 'fit.onProgress: expected a function'],
    [{ maxStep: 3 }, 'fit.maxStep: expected a known option'],
  ])('rejects %o before training', async (options, message) => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    const error = await trainer.fit({ inputs, targets }, options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toContain(message);
    expect(trainer.steps).toBe(0);
    // The trainer stays usable.
    expect((await trainer.fit({ inputs, targets }, { batchSize: 16, maxSteps: 2 })).steps).toBe(2);
    await trainer.release();
  });
});

describe('divergence', () => {
  it('stops when the update is not finite although the loss is, keeping the last finite parameters', async () => {
    // A learning rate near float32's maximum: the first update overflows to Infinity.
    const trainer = await createTrainer({ model: featureModel(F, true), loss: mse(), optimizer: sgd({ lr: 3e38 }), provider: 'cpu' });
    const initial = await trainer.parameters();
    // Inputs in the thousands make the gradient large enough to overflow (the loss stays finite).
    const large = { input: { data: batch.input.data.map((v) => v * 1000), dims: batch.input.dims }, target: batch.target };
    const error = await trainer.step(large).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ code: 'ERR_NON_FINITE_LOSS', step: 1, nonFinite: 'parameters' });
    expect(Number.isFinite((error as NonFiniteLossError).loss)).toBe(true);
    expect((error as Error).message).toMatch(/^The parameters after step 1 are not finite \(its loss was [\d.e+-]+\); training stopped and the parameters of step 0 were kept/);
    expect(trainer.steps).toBe(0);
    expect(await trainer.parameters()).toEqual(initial);
    await trainer.release();
  });

  it('stops fit at the diverging step; the kept parameters are finite and can be saved', async () => {
    const trainer = await createTrainer({ model: featureModel(F, true), loss: mse(), optimizer: sgd({ lr: 1e18 }), provider: 'cpu' });
    const error = await trainer.fit({ inputs, targets }, { epochs: 20, batchSize: 16 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const { step } = error as NonFiniteLossError;
    expect((error as Error).message).toContain(`step ${step}`);
    expect(trainer.steps).toBe(step - 1);
    for (const values of Object.values(await trainer.parameters())) expect(values.every(Number.isFinite)).toBe(true);
    const path = join(folder, 'diverged.onnx');
    await saveCheckpointFile(trainer, path);
    const restored = await createTrainer({ model: featureModel(F, true), loss: mse(), optimizer: sgd({ lr: 1e18 }), provider: 'cpu' });
    await loadCheckpointFile(restored, path);
    expect(restored.steps).toBe(step - 1);
    expect(await restored.parameters()).toEqual(await trainer.parameters());
    await trainer.release();
    await restored.release();
  });
});

describe('values checked where they enter the trainer (steps feed them unscanned)', () => {
  it('refuses a model initializer that is not finite, naming it', async () => {
    const model = featureModel();
    const w = model.graph.initializers.find((t) => t.name === 'w')!;
    const broken = { ...model, graph: { ...model.graph, initializers: model.graph.initializers.map((t) => (t === w ? { ...t, data: Float32Array.of(0.5, Number.NaN, 0.1, -0.1) } : t)) } };
    const error = await createTrainer({ model: broken, loss: mse(), provider: 'cpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ argument: 'model initializer "w".data[1]' });
  });

  for (const hostOptimizer of [true, false]) {
    it(`refuses a checkpoint holding an infinite value and keeps the parameters (hostOptimizer ${hostOptimizer})`, async () => {
      const trainer = await createTrainer({ model: featureModel(), loss: mse(), optimizer: adam({ lr: 0.01 }), provider: 'cpu', hostOptimizer });
      await trainer.step(batch);
      const saved = decodeModel(await trainer.saveCheckpoint());
      const slot = saved.graph.initializers.find((t) => t.name.startsWith('losskit/state/'))!;
      const tampered = { ...saved, graph: { ...saved.graph, initializers: saved.graph.initializers.map((t) => (t === slot ? { ...t, data: Float32Array.from(t.data as Float32Array).fill(Number.POSITIVE_INFINITY, 2, 3) } : t)) } };
      const before = await trainer.parameters();
      const error = await trainer.loadCheckpoint(encodeModel(tampered)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ argument: `checkpoint "${slot.name}".data[2]` });
      expect(await trainer.parameters()).toEqual(before);
      expect((await trainer.step(batch)).step).toBe(2);
      await trainer.release();
    });
  }
});

describe('checkpoint files', () => {
  it('resuming from a file on cpu reproduces the losses and parameters of an uninterrupted run exactly', async () => {
    const options = { model: featureModel(), loss: mse(), optimizer: adam({ lr: 0.05 }), provider: 'cpu' as const };
    const data = { inputs, targets };
    const straight = await createTrainer(options);
    const all = await straight.fit(data, { epochs: 4, batchSize: 16, seed: 11 });
    const straightParameters = await straight.parameters();
    await straight.release();

    const path = join(folder, 'resume.onnx');
    const first = await createTrainer(options);
    const firstHalf = await first.fit(data, { epochs: 2, batchSize: 16, seed: 11 });
    await saveCheckpointFile(first, path);
    await first.release();
    const resumed = await createTrainer(options);
    await loadCheckpointFile(resumed, path);
    // Epoch e shuffles with seed + e, so epochs 2 and 3 use seed 13 and 14.
    const secondHalf = await resumed.fit(data, { epochs: 2, batchSize: 16, seed: 13 });
    expect([...firstHalf.losses, ...secondHalf.losses]).toEqual(all.losses);
    expect(await resumed.parameters()).toEqual(straightParameters);
    expect(resumed.steps).toBe(16);
    await resumed.release();
  });

  it('writes through a temporary file and leaves none behind', async () => {
    const path = join(folder, 'atomic.bin');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    await writeFileAtomic(path, Uint8Array.of(4, 5));
    expect(readdirSync(folder).filter((f) => f.includes('atomic'))).toEqual(['atomic.bin']);
    await expect(writeFileAtomic(join(folder, 'missing-folder', 'x.bin'), Uint8Array.of(1))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('explains a path that cannot be read or is not a path', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    await expect(loadCheckpointFile(trainer, join(folder, 'nope.onnx'))).rejects.toThrowError(/Invalid path: expected a readable checkpoint file, received ".*nope\.onnx"\. Reading it failed: ENOENT/);
    await expect(saveCheckpointFile(trainer, 42 as never)).rejects.toBeInstanceOf(InvalidInputError);
    await trainer.release();
  });
});
