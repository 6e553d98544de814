// Optimizer updates compiled into the step graph, against the same updates computed in float64
// JavaScript from the hand-derived gradient of sigmoid + MSE, and against PyTorch's optimizers
// (fixtures/optimizers.json, written by fixtures/optimizers.py).
import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { type Optimizer, adam, adamw, createTrainer, sgd } from '../src/index';
import fixtures from './fixtures/optimizers.json' with { type: 'json' };
import { featureModel, mse, seeded } from './support/models';
import { describeProviders } from './support/providers';

const N = 8;
const F = 4;
const x = seeded(N * F, 1, -1, 1);
const t = seeded(N * F, 2);

/** d mean((sigmoid(x w + b) - t)^2) / d w and / d b, in float64. */
function gradients(w: number[], b: number[]): { gw: number[]; gb: number[]; loss: number } {
  const gw = new Array<number>(F).fill(0);
  const gb = new Array<number>(F).fill(0);
  let loss = 0;
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const xv = x[n * F + f]!;
      const y = 1 / (1 + Math.exp(-(xv * w[f]! + b[f]!)));
      const d = y - t[n * F + f]!;
      loss += (d * d) / (N * F);
      const dz = ((2 * d) / (N * F)) * y * (1 - y);
      gw[f]! += dz * xv;
      gb[f]! += dz;
    }
  }
  return { gw, gb, loss };
}

const initialW = () => Array.from({ length: F }, (_, i) => Math.fround(0.5 - 0.2 * i));
const initialB = () => Array.from({ length: F }, (_, i) => Math.fround(0.1 * i));

function maxDifference(actual: Float32Array, expected: number[]): number {
  return Math.max(...expected.map((e, i) => Math.abs(actual[i]! - e)));
}

describeProviders('optimizers in the step graph', (provider) => {
  it('sgd with momentum and weight decay matches torch.optim.SGD semantics over 3 steps', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), optimizer: sgd({ lr: 0.5, momentum: 0.9, weightDecay: 0.01 }), provider });
    const w = initialW();
    const b = initialB();
    const bw = new Array<number>(F).fill(0);
    const bb = new Array<number>(F).fill(0);
    for (let step = 0; step < 3; step++) {
      const { gw, gb, loss } = gradients(w, b);
      const result = await trainer.step({ input: { data: x, dims: [N, F] }, target: { data: t, dims: [N, F] } });
      expect(Math.abs(result.loss - loss)).toBeLessThan(1e-6);
      for (let f = 0; f < F; f++) {
        bw[f] = 0.9 * bw[f]! + gw[f]! + 0.01 * w[f]!;
        bb[f] = 0.9 * bb[f]! + gb[f]! + 0.01 * b[f]!;
        w[f] = w[f]! - 0.5 * bw[f]!;
        b[f] = b[f]! - 0.5 * bb[f]!;
      }
    }
    const params = await trainer.parameters();
    expect(maxDifference(params.w!, w)).toBeLessThan(1e-5);
    expect(maxDifference(params.b!, b)).toBeLessThan(1e-5);
    expect(trainer.steps).toBe(3);
    await trainer.release();
  });

  it('adamw (decoupled weight decay) matches torch.optim.AdamW semantics over 3 steps', async () => {
    const [lr, b1, b2, eps, wd] = [0.1, 0.8, 0.95, 1e-6, 0.05];
    const trainer = await createTrainer({
      model: featureModel(),
      loss: mse(),
      optimizer: adamw({ lr, betas: [b1, b2], eps, weightDecay: wd }),
      provider,
    });
    const w = initialW();
    const b = initialB();
    const m = { w: new Array<number>(F).fill(0), b: new Array<number>(F).fill(0) };
    const v = { w: new Array<number>(F).fill(0), b: new Array<number>(F).fill(0) };
    for (let step = 1; step <= 3; step++) {
      const { gw, gb } = gradients(w, b);
      await trainer.step({ input: { data: x, dims: [N, F] }, target: { data: t, dims: [N, F] } });
      for (const [p, g, key] of [[w, gw, 'w'], [b, gb, 'b']] as const) {
        for (let f = 0; f < F; f++) {
          p[f] = p[f]! * (1 - lr * wd);
          m[key][f] = b1 * m[key][f]! + (1 - b1) * g[f]!;
          v[key][f] = b2 * v[key][f]! + (1 - b2) * g[f]! ** 2;
          const mHat = m[key][f]! / (1 - b1 ** step);
          const vHat = v[key][f]! / (1 - b2 ** step);
          p[f] = p[f]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
        }
      }
    }
    const params = await trainer.parameters();
    expect(maxDifference(params.w!, w)).toBeLessThan(1e-5);
    expect(maxDifference(params.b!, b)).toBeLessThan(1e-5);
    await trainer.release();
  });
});

/** The losskit optimizer of each PyTorch case, options renamed (`weight_decay` -> `weightDecay`). */
const FROM_TORCH: Record<keyof typeof fixtures.cases, (o: Record<string, unknown>) => Optimizer> = {
  sgd: (o) => sgd({ lr: o.lr as number, momentum: o.momentum as number, weightDecay: o.weight_decay as number }),
  adam: (o) => adam({ lr: o.lr as number, betas: o.betas as [number, number], eps: o.eps as number, weightDecay: o.weight_decay as number }),
  adamw: (o) => adamw({ lr: o.lr as number, betas: o.betas as [number, number], eps: o.eps as number, weightDecay: o.weight_decay as number }),
  // AdamW's default weight_decay (0.01) must be ours too.
  'adamw-default-decay': (o) => adamw({ lr: o.lr as number }),
};

describeProviders('optimizers against PyTorch', (provider) => {
  it.each(Object.keys(FROM_TORCH) as (keyof typeof FROM_TORCH)[])('%s: 3 steps match torch.optim within 1e-5', async (name) => {
    const expected = fixtures.cases[name];
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), optimizer: FROM_TORCH[name](expected.options), provider });
    for (const loss of expected.losses) {
      const result = await trainer.step({ input: { data: x, dims: [N, F] }, target: { data: t, dims: [N, F] } });
      expect(Math.abs(result.loss - loss)).toBeLessThan(1e-6);
    }
    const params = await trainer.parameters();
    expect(maxDifference(params.w!, expected.w)).toBeLessThan(1e-5);
    expect(maxDifference(params.b!, expected.b)).toBeLessThan(1e-5);
    await trainer.release();
  });

  it('adam and adamw differ once weightDecay > 0 (L2 is not decoupled decay)', () => {
    expect(maxDifference(Float32Array.from(fixtures.cases.adam.w), fixtures.cases.adamw.w)).toBeGreaterThan(1e-4);
  });
});

describe('optimizer options', () => {
  it('reject bad values with InvalidOptionError naming the option', () => {
    expect(() => sgd({ lr: 0 })).toThrowError('Invalid option sgd.lr: expected a finite number > 0, received 0');
    expect(() => sgd({ momentum: 1 })).toThrowError(InvalidOptionError);
    expect(() => adam({ betas: [0.9, 1] })).toThrowError('Invalid option adam.betas[1]: expected a finite number >= 0 and < 1, received 1');
    expect(() => adamw({ betas: [0.9] as never })).toThrowError('Invalid option adamw.betas: expected an array of 2 items, each a finite number >= 0 and < 1, received [0.9]');
    expect(() => adamw({ weightDecay: -1 })).toThrowError('Invalid option adamw.weightDecay: expected a finite number >= 0, received -1');
    expect(() => adam({ eps: -1 })).toThrowError(/adam.eps/);
    expect(() => adam({ learningRate: 1 } as never)).toThrowError('Invalid option adam.learningRate: expected a known option (one of lr, betas, eps, weightDecay), received unknown option "learningRate"');
  });

  it('name adam, adamw and their decay as PyTorch does', () => {
    expect(adam().name).toBe('adam');
    expect(adam().hyperparameters.weightDecay).toBe(0);
    expect(adamw().name).toBe('adamw');
    expect(adamw().hyperparameters.weightDecay).toBe(0.01);
  });
});
