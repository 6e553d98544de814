// step(batch, { readLoss }) in Node: the loss is on the host anyway, so a step that need not read
// it still returns it (and is still checked); bad options are refused by name.
import { InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../src/index';
import { featureModel, mse, seeded } from './support/models';

const batch = { input: { data: seeded(8, 1), dims: [2, 4] }, target: { data: seeded(8, 2), dims: [2, 4] } };

describe('step options', () => {
  it('[node:cpu] readLoss: false still returns the loss, the same as a read step', async () => {
    const read = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    const queued = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    for (let i = 0; i < 3; i++) {
      const a = await read.step(batch);
      const b = await queued.step(batch, { readLoss: false });
      expect(b).toEqual(a);
    }
    await read.release();
    await queued.release();
  });

  it('refuses a readLoss that is not a boolean, and unknown options', async () => {
    const trainer = await createTrainer({ model: featureModel(), loss: mse(), provider: 'cpu' });
    await expect(trainer.step(batch, { readLoss: 'no' as unknown as boolean })).rejects.toThrow(InvalidOptionError);
    await expect(trainer.step(batch, { readLoss: 'no' as unknown as boolean })).rejects.toThrow(/step\.readLoss/);
    await expect(trainer.step(batch, { redLoss: false } as never)).rejects.toThrow(/step\.redLoss/);
    expect(trainer.steps).toBe(0);
    await trainer.release();
  });
});
