import { l1 } from '@losskit/loss-l1';
import { convAutoencoder } from '@losskit/models';
import { adam, createTrainer } from '@losskit/train';
import { architectureOf } from './architecture';
import type { Settings } from './settings';
import { type Contestant, type Timing, interleaved, summarize } from './stats';
import { type TorchRun, runTorch } from './torch';
import { tf, useBackend } from './tfjs';
import { tfjsTrainer } from './tfjs-train';

/** One training shape: every contestant's step time in ms. */
export interface TrainResult {
  readonly batch: number;
  readonly size: number;
  readonly timings: Record<string, Timing>;
  /** The loss of the first two steps per contestant: equal first losses show the ports match. */
  readonly firstLosses: Record<string, readonly number[]>;
  readonly skipped: Record<string, string>;
}

export interface TrainSection {
  readonly model: string;
  readonly parameters: number;
  readonly threads: number;
  readonly torch?: { readonly version: string; readonly blas: readonly string[]; readonly threads: number };
  readonly results: readonly TrainResult[];
}

const ADAM = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8 };

function batchData(batch: number, size: number): { data: Float32Array; dims: number[] } {
  const dims = [batch, 3, size, size];
  const data = new Float32Array(batch * 3 * size * size);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296;
  }
  return { data, dims };
}

/**
 * The demo autoencoder's training step (L1 + Adam, same initial weights and batch everywhere):
 * losskit and tfjs-backend-wasm interleaved in this process, PyTorch eager in a subprocess run
 * before and after them (its samples are pooled).
 */
export async function benchTraining(settings: Settings, log: (line: string) => void): Promise<TrainSection> {
  const sizes = [...new Set(settings.trainShapes.map((s) => s.size))];
  const models = new Map(sizes.map((size) => [size, convAutoencoder({ size })]));
  const batches = settings.trainShapes.map((s) => ({ ...s, ...batchData(s.batch, s.size) }));
  const torchOptions = { threads: settings.threads, warmup: 2, repeats: settings.trainRepeats, budgetMs: settings.budgetMs, adam: ADAM };

  // PyTorch per model size (the architecture differs with the size), before the JS run...
  const torchBefore = new Map<number, TorchRun | { reason: string }>();
  for (const size of sizes) {
    log(`  PyTorch (before), ${size}x${size}`);
    torchBefore.set(size, await runTorch(architectureOf(models.get(size)!), batches.filter((b) => b.size === size), torchOptions));
  }

  const results: TrainResult[] = [];
  for (const b of batches) {
    log(`  b${b.batch} ${b.size}x${b.size}: losskit, tfjs-wasm`);
    const model = models.get(b.size)!;
    const trainer = await createTrainer({ model, loss: l1(), optimizer: adam(ADAM), provider: settings.provider, ...sessionOption(settings) });
    const losses: Record<string, number[]> = { losskit: [], 'tfjs-wasm': [] };
    const skipped: Record<string, string> = {};
    const disposers: (() => void)[] = [];
    const contestants: Contestant[] = [
      { name: 'losskit', run: async () => losses.losskit!.push((await trainer.step({ input: b, target: b })).loss) },
    ];
    try {
      await useBackend('wasm');
      const tfjs = tfjsTrainer(tf, architectureOf(model), b, ADAM);
      contestants.push({ name: 'tfjs-wasm', run: async () => losses['tfjs-wasm']!.push(await tfjs.step()) });
      disposers.push(() => tfjs.dispose());
    } catch (error) {
      skipped['tfjs-wasm'] = (error as Error).message;
    }
    const timings = Object.fromEntries(await interleaved(contestants, { warmup: 2, repeats: settings.trainRepeats, budgetMs: settings.budgetMs }));
    await trainer.release();
    for (const dispose of disposers) dispose();
    results.push({ batch: b.batch, size: b.size, timings, firstLosses: Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice(0, 2)])), skipped });
  }

  // ... and after it, pooled with the first run.
  let torchInfo: TrainSection['torch'];
  for (const size of sizes) {
    log(`  PyTorch (after), ${size}x${size}`);
    const after = await runTorch(architectureOf(models.get(size)!), batches.filter((b) => b.size === size), torchOptions);
    const before = torchBefore.get(size)!;
    for (const result of results.filter((r) => r.size === size)) {
      const runs = [before, after].filter((r): r is TorchRun => 'results' in r);
      if (runs.length === 0) {
        result.skipped.pytorch = 'reason' in before ? before.reason : (after as { reason: string }).reason;
        continue;
      }
      torchInfo = { version: runs[0]!.torch, blas: runs[0]!.blas, threads: runs[0]!.threads };
      const mine = runs.map((r) => r.results.find((x) => x.batch === result.batch)!);
      result.timings.pytorch = summarize(mine.flatMap((m) => m.timesMs));
      (result.firstLosses as Record<string, readonly number[]>).pytorch = mine[0]!.firstLosses;
    }
  }
  const params = models.get(sizes[0]!)!.graph.initializers.filter((t) => t.dtype === 'float32');
  return {
    model: models.get(sizes[0]!)!.docString,
    parameters: params.reduce((n, t) => n + t.data.length, 0),
    threads: settings.threads,
    ...(torchInfo ? { torch: torchInfo } : {}),
    results,
  };
}

/** The session tuning, where this version of createTrainer accepts it. */
function sessionOption(settings: Settings): Record<string, unknown> {
  return { session: settings.sessionOptions };
}
