// Long runs with memory sampled throughout: many loss-session runs and many training steps. The
// CI test runs a short version with a bound; scripts/soak.ts runs the full one and prints it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { luma } from '@losskit/loss-luma';
import { GraphBuilder, type Model } from '@losskit/graph';
import { l1 } from '@losskit/loss-l1';
import { convAutoencoder, syntheticImages } from '@losskit/models';
import { type ProviderName, createLossSession } from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Process memory in MiB after a full garbage collection. */
export interface MemorySample {
  readonly at: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly externalMiB: number;
}

function sample(at: number): MemorySample {
  collect();
  const m = process.memoryUsage();
  const mib = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
  return { at, rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed), externalMiB: mib(m.external) };
}

/** Memory growth between the first and last samples after warm-up (medians of a few samples each). */
export interface SoakResult {
  readonly what: string;
  readonly provider: ProviderName;
  readonly iterations: number;
  readonly seconds: number;
  readonly samples: readonly MemorySample[];
  readonly rssGrowthMiB: number;
  readonly heapGrowthMiB: number;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function summarize(what: string, provider: ProviderName, iterations: number, start: number, samples: MemorySample[]): SoakResult {
  // The first samples include warm-up (session creation, JIT): compare the second one onward.
  const settled = samples.slice(1);
  const k = Math.max(1, Math.floor(settled.length / 4));
  const growth = (key: 'rssMiB' | 'heapMiB') =>
    Math.round((median(settled.slice(-k).map((s) => s[key])) - median(settled.slice(0, k).map((s) => s[key]))) * 10) / 10;
  return { what, provider, iterations, seconds: (performance.now() - start) / 1000, samples, rssGrowthMiB: growth('rssMiB'), heapGrowthMiB: growth('heapMiB') };
}

/** `runs` evaluations of luma (with gradient) on [8, 3, 32, 32] images through one loss session. */
export async function soakLossRuns(provider: ProviderName, runs: number, samples = 20): Promise<SoakResult> {
  const images = syntheticImages({ count: 16, size: 32, seed: 1 });
  const half = images.data.length / 2;
  const prediction = { data: images.data.subarray(0, half), dims: [8, 3, 32, 32] };
  const target = { data: images.data.subarray(half), dims: [8, 3, 32, 32] };
  const session = await createLossSession(luma(), { provider, gradient: true });
  const every = Math.max(1, Math.floor(runs / samples));
  const start = performance.now();
  const taken: MemorySample[] = [];
  for (let i = 0; i < runs; i++) {
    const { loss } = await session.run({ prediction, target });
    if (!Number.isFinite(loss[0])) throw new Error(`run ${i}: loss ${loss[0]}`);
    if (i % every === 0) taken.push(sample(i));
  }
  await session.release();
  taken.push(sample(runs));
  return summarize('session.run (luma, gradient, [8,3,32,32])', provider, runs, start, taken);
}

/** A per-pixel linear map with a sigmoid: the trainer's machinery at almost no compile cost. */
function pixelModel(): Model {
  const g = new GraphBuilder('pixel-linear');
  const x = g.input('image', 'float32', [1, 3, 16, 16]);
  const w = g.initializer('w', 'float32', [1, 3, 1, 1], Float32Array.of(0.5, 0.4, 0.3));
  const b = g.initializer('b', 'float32', [1, 3, 1, 1], new Float32Array(3));
  g.output(g.sigmoid(g.add(g.mul(x, w), b)), 'reconstruction');
  const model = g.toModel();
  const shape = ['batch', 3, 16, 16];
  return { ...model, graph: { ...model.graph, inputs: [{ name: 'image', dtype: 'float32', shape }], outputs: [{ name: 'reconstruction', dtype: 'float32', shape }] } };
}

export type SoakModel = 'autoencoder' | 'pixel';

const SOAK_MODELS: Record<SoakModel, { describe: string; build: () => Model }> = {
  autoencoder: { describe: 'conv autoencoder 16x16', build: () => convAutoencoder({ size: 16, widths: [8, 16], bottleneck: 16 }) },
  // On SwiftShader WebGPU, compiling the autoencoder's step takes most of a minute; CI soaks this one there.
  pixel: { describe: 'per-pixel linear 16x16', build: pixelModel },
};

/** `steps` training steps (L1, Adam, batch 8) of a small model on 16x16 images. */
export async function soakTraining(provider: ProviderName, steps: number, samples = 20, model: SoakModel = 'autoencoder'): Promise<SoakResult> {
  const images = syntheticImages({ count: 64, size: 16, seed: 2 });
  const trainer = await createTrainer({ model: SOAK_MODELS[model].build(), loss: l1(), optimizer: adam({ lr: 1e-3 }), provider });
  const every = Math.max(1, Math.floor(steps / samples));
  const data = { inputs: images, targets: images };
  const start = performance.now();
  const taken: MemorySample[] = [];
  let done = 0;
  while (done < steps) {
    const chunk = Math.min(every, steps - done);
    taken.push(sample(done));
    await trainer.fit(data, { batchSize: 8, epochs: Math.ceil(chunk / 8), maxSteps: chunk, seed: done });
    done += chunk;
  }
  await trainer.release();
  taken.push(sample(steps));
  return summarize(`training steps (${SOAK_MODELS[model].describe}, L1, Adam, batch 8)`, provider, steps, start, taken);
}
