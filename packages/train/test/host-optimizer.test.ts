// Adam updated in place in WebAssembly (trainer-host-state.ts, host-adam.ts) against the same
// update in the step graph and against float64 arithmetic.
import { GraphBuilder, type Model, decodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { compileTrainingStep } from '../src/compile';
import { createHostAdam } from '../src/host-adam';
import { optimizerPlacement } from '../src/host-optimizer';
import { prepareModel } from '../src/model';
import { trainerCompileOptions } from '../src/provider-forms';
import { flatLayout } from '../src/step-update';
import { NonFiniteLossError, type Optimizer, adam, adamw, createTrainer, sgd } from '../src/node';
import { featureModel, mse, seeded } from './support/models';

/** A linear layer with a weight of 65792 elements (updated alone) and a bias (in the flat update). */
function wideModel(): Model {
  const g = new GraphBuilder('wide');
  const x = g.input('x', 'float32', [8, 256]);
  const w = g.initializer('w', 'float32', [256, 257], seeded(256 * 257, 5, -0.05, 0.05));
  const b = g.initializer('b', 'float32', [257], seeded(257, 6, -0.1, 0.1));
  const scale = g.initializer('scale', 'float32', [257], seeded(257, 7, 0.5, 1.5));
  g.output(g.mul(g.add(g.matMul(x, w), b), scale), 'y');
  return g.toModel();
}

const batch = { input: { data: seeded(8 * 256, 8, -1, 1), dims: [8, 256] }, target: { data: seeded(8 * 257, 9, -1, 1), dims: [8, 257] } };

/** Adam in float64, as torch.optim.Adam / AdamW write it (bias corrections applied to m and v). */
function referenceAdam(p: Float64Array, grads: readonly Float64Array[], o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean }): Float64Array {
  const m = new Float64Array(p.length);
  const v = new Float64Array(p.length);
  const out = Float64Array.from(p);
  grads.forEach((grad, s) => {
    const t = s + 1;
    for (let i = 0; i < out.length; i++) {
      if (o.decoupled) out[i]! *= 1 - o.lr * o.wd;
      const g = grad[i]! + (o.decoupled ? 0 : o.wd * out[i]!);
      m[i] = o.b1 * m[i]! + (1 - o.b1) * g;
      v[i] = o.b2 * v[i]! + (1 - o.b2) * g * g;
      out[i]! -= (o.lr * (m[i]! / (1 - o.b1 ** t))) / (Math.sqrt(v[i]! / (1 - o.b2 ** t)) + o.eps);
    }
  });
  return out;
}

describe('host Adam kernel (WebAssembly SIMD)', () => {
  for (const [name, wd, decoupled] of [['adam', 0, false], ['adam with L2', 0.1, false], ['adamw', 0.1, true]] as const) {
    it(`${name}: four steps of tensors of 5 and 9 elements (lanes past the end) equal float64 Adam`, () => {
      const sizes = [5, 9];
      const host = createHostAdam(sizes, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: wd, decoupled });
      const initial = sizes.map((n, k) => seeded(n, 10 + k, -1, 1));
      const grads = sizes.map((n, k) => [0, 1, 2, 3].map((s) => seeded(n, 20 + 4 * k + s, -2, 2)));
      host.tensors.forEach((t, k) => t.param.set(initial[k]!));
      host.parametersChanged();
      for (let s = 0; s < 4; s++) {
        host.tensors.forEach((t, k) => t.grad.set(grads[k]![s]!));
        expect(host.update(s + 1, 0.01)).toBe(true);
      }
      host.tensors.forEach((t, k) => {
        const expected = referenceAdam(Float64Array.from(initial[k]!), grads[k]!.map((g) => Float64Array.from(g)), { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd, decoupled });
        for (let i = 0; i < expected.length; i++) expect(Math.abs(t.param[i]! - expected[i]!)).toBeLessThan(1e-6);
      });
    });
  }

  it('refuses an update that makes a parameter infinite and leaves every value as it was', () => {
    const host = createHostAdam([4, 3], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false });
    host.tensors[0]!.param.set([3e38, -1, 2, 0]);
    host.tensors[1]!.param.set([1, 2, 3]);
    host.parametersChanged();
    host.tensors[0]!.grad.set([-1, 1, 1, 1]);
    host.tensors[1]!.grad.set([1, 1, 1]);
    const before = host.tensors.map((t) => [Float32Array.from(t.param), ...t.slots.map((s) => Float32Array.from(s))]);
    // Step 1: |m| / (sqrt(v) + eps) is about 3.16 and the step size 0.316 lr: 3e38 + 1e38 overflows.
    expect(host.update(1, 1e38)).toBe(false);
    host.tensors.forEach((t, k) => expect([t.param, ...t.slots]).toEqual(before[k]));
  });
});

describe('where the optimizer runs', () => {
  const prepared = prepareModel(wideModel());
  const place = (optimizer: Optimizer, provider: 'cpu' | 'wasm' | 'webgpu', host: boolean) =>
    optimizerPlacement(prepared, optimizer, provider, host, flatLayout(prepared.params, optimizer));
  it('on the host for adam and adamw on cpu: the step graph has no state and returns gradients', () => {
    for (const optimizer of [adam(), adamw()]) {
      const { state, stepOptimizer } = place(optimizer, 'cpu', true);
      expect(stepOptimizer.stateSlots).toEqual([]);
      expect(state.stepOutputs).toEqual(['losskit/new/w', 'losskit/flat/new-params']);
      expect(Object.keys(state.stepFeeds()).toSorted()).toEqual(['losskit/flat/params', 'w']);
      // The gradient leaves in its own shape, written by the node that computes it: ONNX Runtime
      // would copy a Reshape to 1-D that wrote the output.
      const { bytes } = compileTrainingStep(prepared, mse(), 'mean', stepOptimizer, [8, 256], trainerCompileOptions('cpu'));
      const writer = decodeModel(bytes).graph.nodes.find((n) => n.outputs.includes('losskit/new/w'))!;
      expect(writer.op).not.toBe('Reshape');
      expect(writer.op).not.toBe('Identity');
    }
  });
  it('in the graph without a host kernel (sgd), on other providers, or when hostOptimizer is false', () => {
    for (const [optimizer, provider, host] of [[sgd(), 'cpu', true], [adam(), 'wasm', true], [adam(), 'webgpu', true], [adam(), 'cpu', false]] as const) {
      const { state, stepOptimizer } = place(optimizer, provider, host);
      expect(stepOptimizer).toBe(optimizer);
      expect(state.stepOutputs.some((name) => name.includes('new-state') || name === 'losskit/new/w')).toBe(true);
    }
  });
});

/** y = x * w over two features. */
function linear(w: Float32Array): Model {
  const g = new GraphBuilder('linear');
  g.output(g.mul(g.input('x', 'float32', [1, 2]), g.initializer('w', 'float32', [2], w)), 'y');
  return g.toModel();
}

describe('[node:cpu] trainer with Adam on the host', () => {
  const optimizers: [string, () => Optimizer][] = [
    ['adam', () => adam({ lr: 1e-2 })],
    ['adam with L2 decay', () => adam({ lr: 1e-2, weightDecay: 0.05 })],
    ['adamw', () => adamw({ lr: 1e-2, weightDecay: 0.05 })],
  ];
  for (const [name, optimizer] of optimizers) {
    it(`${name}: losses, parameters and slots equal the step graph's update to the last bit`, async () => {
      const host = await createTrainer({ model: wideModel(), loss: mse(), optimizer: optimizer(), provider: 'cpu' });
      const graph = await createTrainer({ model: wideModel(), loss: mse(), optimizer: optimizer(), provider: 'cpu', hostOptimizer: false });
      for (let s = 0; s < 4; s++) expect((await host.step(batch)).loss).toBe((await graph.step(batch)).loss);
      expect(await host.parameters()).toEqual(await graph.parameters());
      // Checkpoints carry both slots: each trainer continues from the other's.
      const [fromHost, fromGraph] = [await host.saveCheckpoint(), await graph.saveCheckpoint()];
      await host.loadCheckpoint(fromGraph);
      await graph.loadCheckpoint(fromHost);
      for (let s = 0; s < 2; s++) expect((await host.step(batch)).loss).toBe((await graph.step(batch)).loss);
      expect(await host.parameters()).toEqual(await graph.parameters());
      expect((await host.evaluate({ inputs: batch.input, targets: batch.target })).loss).toBe((await graph.evaluate({ inputs: batch.input, targets: batch.target })).loss);
      await host.release();
      await graph.release();
    });
  }

  it('stops on an update that overflows, keeping the parameters of the last step', async () => {
    // y = x * w + b with w = 3e38 on one feature, and a target far above y: Adam's first step
    // (about lr, here 1e38) pushes that weight past float32's maximum; the gradients are finite.
    const g = new GraphBuilder('huge');
    const x = g.input('x', 'float32', [1, 2]);
    const w = g.initializer('w', 'float32', [2], Float32Array.of(3e38, 1));
    g.output(g.mul(x, w), 'y');
    const input = { data: Float32Array.of(1e-20, 1e-20, 1e-20, 1e-20), dims: [2, 2] };
    const target = { data: Float32Array.of(1e19, 0, 1e19, 0), dims: [2, 2] };
    for (const hostOptimizer of [true, false]) {
      const trainer = await createTrainer({ model: g.toModel(), loss: mse(), optimizer: adam({ lr: 1e38 }), provider: 'cpu', hostOptimizer });
      const initial = await trainer.parameters();
      const error = await trainer.step({ input, target }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonFiniteLossError);
      expect(error).toMatchObject({ step: 1, nonFinite: 'parameters' });
      expect(trainer.steps).toBe(0);
      expect(await trainer.parameters()).toEqual(initial);
      await trainer.release();
    }
  });

  it('takes a step whose finite values sum past float32 (the host check is a plain sum), refuses an infinite gradient', async () => {
    const target = { data: Float32Array.of(2, 2), dims: [1, 2] };
    for (const hostOptimizer of [true, false]) {
      // x = 3e38, w = 1e-38: y = 3 and each gradient is 3e38, finite; their sum is not. Adam's
      // v = (1 - b2) g^2 overflows, so float32 Adam leaves w where it was (as PyTorch does).
      const large = await createTrainer({ model: linear(Float32Array.of(1e-38, 1e-38)), loss: mse(), optimizer: adam({ lr: 0.01 }), provider: 'cpu', hostOptimizer });
      expect((await large.step({ input: { data: Float32Array.of(3e38, 3e38), dims: [1, 2] }, target })).loss).toBeCloseTo(1, 5);
      expect(large.steps).toBe(1);
      expect((await large.parameters()).w).toEqual(Float32Array.of(1e-38, 1e-38));
      await large.release();
      // sqrt(w) at w = 0: an infinite gradient with a finite loss.
      const r = new GraphBuilder('root');
      r.output(r.mul(r.input('x', 'float32', [1, 2]), r.sqrt(r.initializer('w', 'float32', [2], Float32Array.of(0, 1)))), 'y');
      const root = await createTrainer({ model: r.toModel(), loss: mse(), optimizer: adam({ lr: 0.01 }), provider: 'cpu', hostOptimizer });
      const error = await root.step({ input: { data: Float32Array.of(1, 1), dims: [1, 2] }, target: { data: Float32Array.of(3, 3), dims: [1, 2] } }).catch((e: unknown) => e);
      expect(error, `hostOptimizer ${hostOptimizer}`).toMatchObject({ step: 1, nonFinite: 'parameters' });
      expect((await root.parameters()).w).toEqual(Float32Array.of(0, 1));
      await root.release();
    }
    // sgd updates in the graph, whose check sums the new parameters: two of 3e38 sum past float32.
    const big = await createTrainer({ model: linear(Float32Array.of(3e38, 3e38)), loss: mse(), optimizer: sgd({ lr: 0.01 }), provider: 'cpu' });
    await big.step({ input: { data: Float32Array.of(1e-38, 1e-38), dims: [1, 2] }, target });
    expect(big.steps).toBe(1);
    expect((await big.parameters()).w).toEqual(Float32Array.of(3e38, 3e38)); // moved by ~1e-38, below float32's spacing there
    await big.release();
  });

  it('keeps sgd in the step graph (no host kernel) and trains as before', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    const first = (await trainer.step({ input: { data: seeded(8, 1), dims: [2, 4] }, target: { data: seeded(8, 2), dims: [2, 4] } })).loss;
    expect(Number.isFinite(first)).toBe(true);
    await trainer.release();
  });
});
