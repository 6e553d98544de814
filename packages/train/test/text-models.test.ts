// Text models exported by PyTorch 1.13 with int64 token ids train in losskit: an Embedding +
// nn.MultiheadAttention encoder (LayerNorm, GELU), nn.TransformerEncoderLayer exported in training
// mode (Dropout masks fed from PyTorch's run), and a causal-masked GPT block whose attention is
// torch.einsum (Einsum, Trilu, Where in the export), trained on next tokens with cross-entropy.
// First-step loss and gradients match PyTorch's float64 autograd as closely as PyTorch's own
// float32 does (fixtures/text/export.py wrote them; metric in support/pytorch-fixtures.ts), and Adam
// lowers the loss along PyTorch's float64 curve.
import { appendFileSync } from 'node:fs';
import { decodeModel } from '@losskit/graph';
import { crossEntropy } from '@losskit/loss-cross-entropy';
import { describe, expect, it } from 'vitest';
import { adam, createTrainer, sgd, type Optimizer } from '../src/index';
import { dropoutModule } from './support/pytorch-dropout';
import { RATE, gradientsOfStep } from './support/step-gradients';
import { TEXT_MODELS, type TextFixture, type TextModel, textFixture } from './support/text-fixtures';
import { gradientDistances } from './support/pytorch-fixtures';

/** Appends one JSON line per model to $PYTORCH_MATCH_LOG (how the figures in the report were measured). */
function record(entry: Record<string, unknown>): void {
  const path = process.env.PYTORCH_MATCH_LOG;
  if (path) appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** The loss each fixture trains with: class labels, or next tokens with the vocabulary last (the GPT's [batch, seq, vocab]). */
const lossFor = (name: TextModel) => crossEntropy(name === 'gpt' ? { classAxis: -1 } : {});

const batch = (f: TextFixture) => ({
  input: { data: BigInt64Array.from(f.ids.data, BigInt), dims: f.ids.dims },
  target: { data: BigInt64Array.from(f.target.data, BigInt), dims: f.target.dims },
});

async function open(name: TextModel, bytes: Uint8Array, f: TextFixture, optimizer: Optimizer) {
  const mask = (node: string, step: number) => Float32Array.from(f.dropoutMasks[dropoutModule(node)]![step - 1]!);
  return createTrainer({ model: bytes, loss: lossFor(name), optimizer, provider: 'cpu', dropout: { mask } });
}

describe('[node:cpu] PyTorch text models (token ids, embeddings, attention)', () => {
  for (const name of TEXT_MODELS) {
    it(`${name}: first-step loss and gradients vs PyTorch float64; Adam lowers the loss as in PyTorch`, async () => {
      const { bytes, f } = textFixture(name);
      if (name === 'gpt') expect(f.ops).toEqual(expect.arrayContaining(['Einsum', 'Trilu', 'Where', 'Gather']));
      if (name === 'transformer-layer') expect(f.ops).toContain('Dropout');

      // One SGD step with lr = 2^10 moves each parameter by minus 2^10 times its gradient: the
      // power of two scales exactly, and the step dwarfs the parameter, so (before - after) / 2^10
      // reads the gradient without the rounding of the parameter's own size (lr = 1 would add
      // up to half an ulp of each parameter, more than PyTorch float32's distance here).
      const initial = Object.fromEntries(decodeModel(bytes).graph.initializers.map((t) => [t.name, t.data as Float32Array]));
      const first = await open(name, bytes, f, sgd({ lr: RATE }));
      expect([...first.parameterNames].toSorted()).toEqual(Object.keys(f.gradients).toSorted());
      const { loss } = await first.step(batch(f));
      const after = await first.parameters();
      await first.release();
      expect(Math.abs(loss - f.loss) / f.loss).toBeLessThanOrEqual(1e-5);
      const distances = gradientDistances(gradientsOfStep(initial, after), f.gradients, f.float32Distance);
      record({ provider: 'cpu', model: name, lossError: Math.abs(loss - f.loss) / f.loss, worstOverAllowed: Math.max(...Object.values(distances).map((d) => d.distance / d.allowed)), distances });
      for (const [p, { distance, allowed }] of Object.entries(distances)) {
        expect(distance, `d loss / d ${p}: max |losskit - float64|`).toBeLessThanOrEqual(allowed);
      }

      await using trainer = await open(name, bytes, f, adam({ lr: f.adamLr }));
      const losses: number[] = [];
      for (let s = 0; s < f.adamLosses.length; s++) losses.push((await trainer.step(batch(f))).loss);
      record({ provider: 'cpu', model: name, adamLossError: Math.max(...losses.map((l, s) => Math.abs(l - f.adamLosses[s]!) / f.adamLosses[s]!)), losses });
      losses.forEach((l, s) => expect(Math.abs(l - f.adamLosses[s]!) / f.adamLosses[s]!, `loss before Adam step ${s + 1}`).toBeLessThanOrEqual(1e-4));
      expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);

      // An id past the table is refused before ONNX Runtime runs, naming its position (the guide quotes this message).
      const past = batch(f);
      past.input.data[7] = BigInt(f.vocabulary);
      await expect(trainer.step(past)).rejects.toThrowError(
        `Invalid batch.input.data[7]: expected an id in [0, ${f.vocabulary - 1}] (rows of the embedding table "${name === 'gpt' ? 'token' : 'embedding'}.weight"), received ${f.vocabulary}`,
      );
    });
  }
});
