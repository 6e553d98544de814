// Training with a combined loss (weightedSum of @losskit/core): each step reports the parts'
// values and updates with the one gradient of Σ w · mean. Expected values are computed here by
// hand from the model's prediction before the step (y = x·w + b per feature).
import { weightedSum } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { createTrainer, sgd } from '../src/index';
import { featureModel, l1, mse, seeded } from './support/models';

const N = 4;
const F = 4;
const input = { data: seeded(N * F, 11, -1, 1), dims: [N, F] };
const target = { data: seeded(N * F, 12, -1, 1), dims: [N, F] };
const n = N * F;

describe('[node:cpu] a trainer with weightedSum([[0.5, l1()], [2, mse()]])', () => {
  it('reports each part on a step and updates with the gradient of the weighted sum', async () => {
    await using trainer = await createTrainer({ model: featureModel(F, true), loss: weightedSum([[0.5, l1()], [2, mse()]]), optimizer: sgd({ lr: 0.1 }), provider: 'cpu' });
    const before = await trainer.parameters();
    const w = before.w!;
    const b = before.b!;
    const d = Array.from({ length: n }, (_, i) => input.data[i]! * w[i % F]! + b[i % F]! - target.data[i]!);
    const l1Mean = d.reduce((s, v) => s + Math.abs(v), 0) / n;
    const mseMean = d.reduce((s, v) => s + v * v, 0) / n;

    const result = await trainer.step({ input, target });
    expect(Object.keys(result.parts!)).toEqual(['l1', 'mse']);
    expect(result.parts!.l1).toBeCloseTo(l1Mean, 6);
    expect(result.parts!.mse).toBeCloseTo(mseMean, 6);
    expect(result.loss).toBeCloseTo(0.5 * l1Mean + 2 * mseMean, 6);

    // dL/dy = 0.5 sign(d) / n + 2 · 2d / n; dL/dw_f = Σ_rows dL/dy · x, dL/db_f = Σ_rows dL/dy; SGD: p - 0.1 dL/dp.
    const dy = d.map((v) => (0.5 * Math.sign(v)) / n + (4 * v) / n);
    const after = await trainer.parameters();
    for (let f = 0; f < F; f++) {
      let gw = 0;
      let gb = 0;
      for (let r = 0; r < N; r++) {
        gw += dy[r * F + f]! * input.data[r * F + f]!;
        gb += dy[r * F + f]!;
      }
      expect(after.w![f]).toBeCloseTo(w[f]! - 0.1 * gw, 6);
      expect(after.b![f]).toBeCloseTo(b[f]! - 0.1 * gb, 6);
    }
  });

  it('keeps the parts of every fit step, and reports them in progress', async () => {
    await using trainer = await createTrainer({ model: featureModel(F, true), loss: weightedSum([[0.5, l1()], [2, mse()]]), optimizer: sgd({ lr: 0.1 }), provider: 'cpu' });
    const progress: Record<string, number>[] = [];
    const fit = await trainer.fit({ inputs: input, targets: target }, { epochs: 3, batchSize: N, onProgress: (p) => progress.push({ ...p.parts }) });
    expect(fit.parts!.l1).toHaveLength(3);
    expect(fit.parts!.mse).toHaveLength(3);
    fit.losses.forEach((loss, i) => expect(loss).toBeCloseTo(0.5 * fit.parts!.l1![i]! + 2 * fit.parts!.mse![i]!, 6));
    expect(progress.map((p) => p.mse)).toEqual(fit.parts!.mse);
    // Training lowers the mix.
    expect(fit.losses[2]!).toBeLessThan(fit.losses[0]!);

    await using plain = await createTrainer({ model: featureModel(F, true), loss: mse(), provider: 'cpu' });
    expect(await plain.step({ input, target })).not.toHaveProperty('parts');
    expect(await plain.fit({ inputs: input, targets: target }, { batchSize: N })).not.toHaveProperty('parts');
  });
});
