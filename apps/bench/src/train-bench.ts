import { l1 } from '@losskit/loss-l1';
import { convAutoencoder } from '@losskit/models';
import { adam, createTrainer } from '@losskit/train';
import { variantStepper, variants } from './ablation';
import { architectureOf } from './architecture';
import { type StepProfile, profileStep } from './profile';
import type { Settings } from './settings';
import { type Contestant, type Timing, interleaved } from './stats';
import { tf, useBackend } from './tfjs';
import { type TorchInfo, startTorch } from './torch';
import { tfjsTrainer } from './tfjs-train';
import { batchData } from './train-data';

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
  readonly torch?: TorchInfo;
  readonly results: readonly TrainResult[];
  /** ONNX Runtime's profile of losskit's step on the first shape (cpu provider only). */
  readonly profile?: StepProfile & { readonly batch: number; readonly size: number };
}

const ADAM = { lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8 };

/** Idle time before each timed step: long enough for spinning thread pools (ONNX Runtime's, OpenMP's) to go to sleep. */
const SETTLE_MS = 30;

/**
 * The demo autoencoder's training step (L1 + Adam, same initial weights and batch everywhere),
 * interleaved: losskit (createTrainer, defaults), ablations of losskit's choices, PyTorch eager in
 * a persistent subprocess (time measured inside Python), and tfjs-backend-wasm.
 */
export async function benchTraining(settings: Settings, log: (line: string) => void): Promise<TrainSection> {
  const models = new Map(settings.trainShapes.map((s) => [s.size, convAutoencoder({ size: s.size })]));
  const batches = settings.trainShapes.map((s) => ({ ...s, ...batchData(s.batch, s.size) }));
  const torch = await startTorch(
    batches.map((b) => ({ arch: architectureOf(models.get(b.size)!), batch: b })),
    { threads: settings.threads, device: settings.provider === 'cuda' ? 'cuda' : 'cpu', adam: ADAM },
  );
  const results: TrainResult[] = [];
  try {
    for (const [index, b] of batches.entries()) {
      log(`  b${b.batch} ${b.size}x${b.size}`);
      const model = models.get(b.size)!;
      const losses: Record<string, number[]> = {};
      const skipped: Record<string, string> = {};
      const cleanups: (() => unknown)[] = [];
      const contestants: Contestant[] = [];
      const add = (name: string, step: () => Promise<number | { ms: number; loss: number }>) => {
        losses[name] = [];
        contestants.push({
          name,
          run: async () => {
            const out = await step();
            if (typeof out === 'number') losses[name]!.push(out);
            else {
              losses[name]!.push(out.loss);
              return { elapsedMs: out.ms };
            }
            return undefined;
          },
        });
      };

      const trainer = await createTrainer({ model, loss: l1(), optimizer: adam(ADAM), provider: settings.provider, session: settings.sessionOptions });
      add('losskit', async () => (await trainer.step({ input: b, target: b })).loss);
      cleanups.push(() => trainer.release());
      // Ablations: the same step with one of losskit's choices undone (quick runs: first shape per size).
      if (!settings.quick || b === batches.find((x) => x.size === b.size)) {
        for (const variant of variants(settings.threads)) {
          const stepper = await variantStepper(model, l1(), adam(ADAM), b, settings.provider, settings.sessionOptions, variant);
          add(variant.name, () => stepper.step());
          cleanups.push(() => stepper.release());
        }
      }
      if ('step' in torch) add('pytorch', () => torch.step(index));
      else skipped.pytorch = torch.reason;
      try {
        await useBackend('wasm');
        const tfjs = tfjsTrainer(tf, architectureOf(model), b, ADAM);
        add('tfjs-wasm', () => tfjs.step());
        cleanups.push(() => tfjs.dispose());
      } catch (error) {
        skipped['tfjs-wasm'] = (error as Error).message;
      }

      const timings = Object.fromEntries(await interleaved(contestants, { warmup: 2, repeats: settings.trainRepeats, budgetMs: settings.budgetMs, settleMs: SETTLE_MS }));
      for (const cleanup of cleanups) await cleanup();
      const firstLosses = Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v.slice(0, 2)]));
      results.push({ batch: b.batch, size: b.size, timings, firstLosses, skipped });
    }
  } finally {
    if ('close' in torch) await torch.close();
  }
  let profile: TrainSection['profile'];
  if (settings.provider === 'cpu') {
    const b = batches[0]!;
    log(`  ONNX Runtime profile of b${b.batch} ${b.size}x${b.size}`);
    profile = { batch: b.batch, size: b.size, ...(await profileStep(models.get(b.size)!, l1(), adam(ADAM), b, settings.threads)) };
  }
  const first = models.values().next().value!;
  return {
    model: first.docString,
    parameters: first.graph.initializers.filter((t) => t.dtype === 'float32').reduce((n, t) => n + t.data.length, 0),
    threads: settings.threads,
    ...('info' in torch ? { torch: torch.info } : {}),
    results,
    ...(profile ? { profile } : {}),
  };
}
