// The demo's architecture, trained on cpu and on webgpu (SwiftShader): the loss falls on both,
// and one training step computes the same update on both providers.
import { convAutoencoder, syntheticImages } from '@losskit/models';
import { expect, it } from 'vitest';
import { adam, createTrainer } from '../src/index';
import { mse } from './support/models';
import { describeProviders, describeWithWebGpu } from './support/providers';

// One batch of 8 images, seen every step: the model must start to memorise it.
const images = syntheticImages({ count: 8, size: 16, seed: 3 });
const model = convAutoencoder({ size: 16, widths: [8, 16], bottleneck: 16, seed: 5 });
const batch = { input: images, target: images };

async function trainer(provider: 'cpu' | 'webgpu') {
  return createTrainer({ model, loss: mse(), optimizer: adam({ lr: 1e-2 }), provider });
}

describeProviders('conv autoencoder', (provider) => {
  it('lowers the loss over 30 steps', async () => {
    const t = await trainer(provider);
    const { losses } = await t.fit({ inputs: images, targets: images }, { epochs: 30, batchSize: 8 });
    await t.release();
    const first = losses.slice(0, 4).reduce((a, b) => a + b) / 4;
    const last = losses.slice(-4).reduce((a, b) => a + b) / 4;
    expect(last).toBeLessThan(0.8 * first);
  });
});

describeWithWebGpu('cpu and webgpu', () => {
  it('compute the same first three steps of the conv autoencoder', async () => {
    const runs = await Promise.all(
      (['cpu', 'webgpu'] as const).map(async (provider) => {
        const t = await trainer(provider);
        const losses: number[] = [];
        const params: Record<string, Float32Array>[] = [];
        for (let i = 0; i < 3; i++) {
          losses.push((await t.step(batch)).loss);
          params.push(await t.parameters());
        }
        await t.release();
        return { losses, params };
      }),
    );
    const [cpu, gpu] = runs as [(typeof runs)[0], (typeof runs)[0]];
    cpu.losses.forEach((loss, i) => expect(Math.abs(loss - gpu.losses[i]!) / loss, `loss of step ${i + 1}`).toBeLessThan(1e-5));
    // Adam's first steps move every weight by about lr; the providers must agree far closer.
    for (let step = 0; step < 3; step++) {
      let worst = 0;
      for (const name of Object.keys(cpu.params[step]!)) {
        cpu.params[step]![name]!.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - gpu.params[step]![name]![i]!));
        });
      }
      expect(worst, `parameters after step ${step + 1}`).toBeLessThan(1e-4);
    }
  });
});
