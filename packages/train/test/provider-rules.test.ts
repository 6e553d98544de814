// The trainer reads its provider's capabilities from @losskit/runtime's record, as loss sessions
// do: on cpu its step graph differentiates Abs as x / max(|x|, 2^-149) (no Where, Greater or
// Less), and its options are resolved once. ONNX Runtime really runs: the spy on
// InferenceSession.create only records the bytes the trainer hands it.
import { resolveOptions } from '@losskit/core';
import { type Model, decodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NAMES, createTrainer, sgd } from '../src/index';
import { featureModel, l1 } from './support/models';
import { describeWithWebGpu } from './support/providers';

vi.mock('@losskit/core', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@losskit/core')>();
  return { ...actual, resolveOptions: vi.fn(actual.resolveOptions) };
});

const F = 4;
// Row 0 has x = 0 and targets equal to the initial b, so y - t is exactly 0 there (subgradient 0).
const x = Float32Array.of(0, 0, 0, 0, 1, -2, 0.5, 3, -1, 2, -0.25, 1.5);
const N = x.length / F;
const w0 = Array.from({ length: F }, (_, i) => Math.fround(0.5 - 0.2 * i));
const b0 = Array.from({ length: F }, (_, i) => Math.fround(0.1 * i));
const t = Float32Array.from(x, (_, k) => (k < F ? b0[k]! : 0.3 * (k % 3) - 0.4));
const batch = { input: { data: x, dims: [N, F] }, target: { data: t, dims: [N, F] } };

/** Records the models the trainer's sessions are created from, on the real ONNX Runtime. */
function recordModels(): Model[] {
  const models: Model[] = [];
  const create = ort.InferenceSession.create.bind(ort.InferenceSession) as (bytes: Uint8Array, options?: ort.InferenceSession.SessionOptions) => Promise<ort.InferenceSession>;
  vi.spyOn(ort.InferenceSession, 'create').mockImplementation(((bytes: Uint8Array, options?: ort.InferenceSession.SessionOptions) => {
    models.push(decodeModel(bytes));
    return create(bytes, options);
  }) as typeof ort.InferenceSession.create);
  return models;
}

afterEach(() => vi.restoreAllMocks());

function stepGraph(models: readonly Model[]): Model {
  const step = models.find((m) => m.graph.outputs.some((o) => o.name === NAMES.loss));
  expect(step, 'a training-step model was created').toBeDefined();
  return step!;
}

/** Whether Abs is differentiated as x / max(|x|, c): a Max reads the Abs output and a Div reads the Max. */
function usesIeeeAbs(model: Model): boolean {
  const abs = model.graph.nodes.find((n) => n.op === 'Abs')!;
  const max = model.graph.nodes.find((n) => n.op === 'Max' && n.inputs.includes(abs.outputs[0]!));
  return max !== undefined && model.graph.nodes.some((n) => n.op === 'Div' && n.inputs.includes(max.outputs[0]!));
}

const ops = (model: Model) => new Set(model.graph.nodes.map((n) => n.op));

describe('[node:cpu] the training step uses the provider capabilities', () => {
  it('differentiates Abs with the IEEE rule, and the SGD step equals the float64 subgradient step', async () => {
    const models = recordModels();
    const lr = 0.5;
    const trainer = await createTrainer({ model: featureModel(F, true), loss: l1(), optimizer: sgd({ lr }), provider: 'cpu' });
    const { loss } = await trainer.step(batch);
    const step = stepGraph(models);
    expect(usesIeeeAbs(step)).toBe(true);
    for (const op of ['Where', 'Greater', 'Less']) expect(ops(step).has(op), op).toBe(false);

    // Float64 by hand: y = x w + b, loss = mean |y - t|, dL/dw_j = Σ_n sign(y - t) x / (N F).
    let expectedLoss = 0;
    const gw = new Float64Array(F);
    const gb = new Float64Array(F);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < F; j++) {
        const k = n * F + j;
        const d = x[k]! * w0[j]! + b0[j]! - t[k]!;
        expectedLoss += Math.abs(d) / (N * F);
        gw[j]! += (Math.sign(d) * x[k]!) / (N * F);
        gb[j]! += Math.sign(d) / (N * F);
      }
    }
    expect(Math.abs(loss - expectedLoss)).toBeLessThan(1e-6);
    const params = await trainer.parameters();
    w0.forEach((w, j) => expect(Math.abs(params.w![j]! - (w - lr * gw[j]!)), `w[${j}]`).toBeLessThan(1e-6));
    b0.forEach((b, j) => expect(Math.abs(params.b![j]! - (b - lr * gb[j]!)), `b[${j}]`).toBeLessThan(1e-6));
    await trainer.release();
  });

  it('resolves its options once: createTrainer, then only each step its own', async () => {
    const spy = vi.mocked(resolveOptions);
    const options = { model: featureModel(F, true), loss: l1(), optimizer: sgd({ lr: 0.1 }), provider: 'cpu', session: { spinning: false } } as const;
    spy.mockClear();
    const trainer = await createTrainer(options);
    // 'createTrainer.dropout' and 'session' are nested option objects, parsed as part of it.
    expect(spy.mock.calls.map((c) => c[0]).toSorted()).toEqual(['createTrainer', 'createTrainer.dropout', 'session']);
    spy.mockClear();
    await trainer.step(batch); // compiles and opens the step session
    await trainer.evaluate({ inputs: batch.input, targets: batch.target }, { batchSize: N }); // and an evaluation session
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['step', 'evaluate']);
    await trainer.release();
  });
});

describeWithWebGpu('[node:webgpu] the training step uses the provider capabilities', () => {
  it('keeps the Where form of Abs (WGSL may flush subnormals)', async () => {
    const models = recordModels();
    const trainer = await createTrainer({ model: featureModel(F, true), loss: l1(), optimizer: sgd({ lr: 0.5 }), provider: 'webgpu' });
    await trainer.step(batch);
    const step = stepGraph(models);
    expect(usesIeeeAbs(step)).toBe(false);
    expect(ops(step).has('Where') && ops(step).has('Less')).toBe(true);
    await trainer.release();
  });
});
