// A model trains with perceptual() as its loss (Node's CPU provider): the training step embeds
// the frozen network, the gradient reaches the model's parameters through it, and only the
// model's own parameters train.
import { convAutoencoder, syntheticImages } from '@losskit/models';
import { adam, createTrainer } from '@losskit/train';
import { expect, it } from 'vitest';
import { perceptual } from '../src/index';
import { tinyVgg } from './support';

it('trains an autoencoder through the frozen network, whose weights stay out of the parameters', async () => {
  const images = syntheticImages({ count: 8, size: 8, seed: 1 });
  const data = { inputs: images, targets: images };
  const trainer = await createTrainer({ model: convAutoencoder({ size: 8, widths: [4] }), loss: perceptual({ model: tinyVgg }), optimizer: adam({ lr: 1e-2 }), provider: 'cpu' });
  try {
    expect(trainer.parameterNames.filter((name) => !/^(encoder|decoder)\./.test(name))).toEqual([]);
    const before = await trainer.evaluate(data);
    await trainer.fit(data, { epochs: 20, batchSize: 4 });
    const after = await trainer.evaluate(data);
    expect(after.loss).toBeLessThan(before.loss * 0.8);
  } finally {
    await trainer.release();
  }
});
