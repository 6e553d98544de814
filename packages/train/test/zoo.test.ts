// The torchvision zoo (resnet18, mobilenet_v2, squeezenet1_1, shufflenet_v2_x0_5,
// efficientnet_b0; batch 4, 3x64x64, 3 classes, BCE on logits), exported by PyTorch 1.13 in
// training mode and in eval mode, trains in losskit on onnxruntime-node's cpu provider: the first
// step's loss and gradients match PyTorch's float64 values within 3x the distance of PyTorch's
// own float32 ones (floor: 1e-3 x the model's largest |gradient|; see support/zoo-fixtures.ts),
// and an Adam step lowers the loss with every parameter finite. The graphs are committed without
// their weights; support/zoo-weights.ts regenerates them as export.py did.
import { appendFileSync } from 'node:fs';
import { bce } from '@losskit/loss-bce';
import { describe, expect, it } from 'vitest';
import { adam, createTrainer, sgd } from '../src/index';
import { ZOO_MODELS, ZOO_MODES, compareWithPyTorch, readZooFixture } from './support/zoo-fixtures';
import { summarize, zooBatch, zooMask, zooModel } from './support/zoo-weights';

/**
 * SGD with a power-of-two rate moves each parameter by exactly rate x gradient before one
 * rounding, so (before - after) / rate recovers the gradient with an error of ulp(parameter) /
 * rate: far below float noise, where a rate of 1 would lose the low bits of small gradients.
 */
const RATE = 1024;

/** Appends one JSON line per model to $ZOO_MATCH_LOG (how the guide's figures were measured). */
function record(entry: Record<string, unknown>): void {
  const path = process.env.ZOO_MATCH_LOG;
  if (path) appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

describe('[node:cpu] torchvision models exported by PyTorch match its float64 gradients', () => {
  for (const name of ZOO_MODELS) {
    for (const mode of ZOO_MODES) {
      it(`${name} (${mode}-mode export): first-step loss and gradients; an Adam step lowers the loss`, async () => {
        const { fixture: f, bytes } = readZooFixture(name, mode);
        const model = zooModel(bytes);
        const batch = zooBatch(f.batch, f.size, f.classes);
        const loss = bce({ fromLogits: true });

        const first = await createTrainer({ model, loss, optimizer: sgd({ lr: RATE }), provider: 'cpu', dropout: { mask: zooMask } });
        expect([...first.parameterNames].toSorted()).toEqual(Object.keys(f.parameters).toSorted());
        const before = await first.parameters();
        const step = await first.step(batch);
        const after = await first.parameters();
        await first.release();
        const gradients = Object.fromEntries(Object.entries(before).map(([p, v]) => [p, v.map((b, i) => (b - after[p]![i]!) / RATE)]));
        const result = compareWithPyTorch(f, step.loss, summarize(gradients));
        record({ model: name, mode, provider: 'cpu', ...result, failures: result.failures.length });
        expect(result.failures).toEqual([]);
        expect(result.loss).toBeLessThanOrEqual(1);

        // Adam, two steps on the same batch and Dropout masks: the second step's loss (before its
        // update) is the loss after the first update.
        const sameMask = (node: string, _step: number, dims: readonly number[], ratio: number) => zooMask(node, 1, dims, ratio);
        const trainer = await createTrainer({ model, loss, optimizer: adam({ lr: 1e-5 }), provider: 'cpu', dropout: { mask: sameMask } });
        const l1 = (await trainer.step(batch)).loss;
        const l2 = (await trainer.step(batch)).loss;
        const params = await trainer.parameters();
        await trainer.release();
        expect(l2).toBeLessThan(l1);
        for (const [p, v] of Object.entries(params)) expect(v.every(Number.isFinite), p).toBe(true);
      });
    }
  }
});
