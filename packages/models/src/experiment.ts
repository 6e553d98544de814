import { type HostTensor, numel } from '@losskit/graph';

/**
 * The seed experiment's learning-rate schedule, shared by both demos: a linear warm-up over the
 * first {@link EXPERIMENT_SCHEDULE}`.warmup` steps (at most the run's length), then a cosine
 * decay to `final` times the peak rate. The warm-up keeps Adam's first, poorly estimated steps
 * small (a large first step is what sent some runs to a constant output); the decay lets the
 * last steps settle. Pass the result to `warmupCosine` of @losskit/train.
 */
export const EXPERIMENT_SCHEDULE: { readonly warmup: number; readonly final: number } = Object.freeze({ warmup: 20, final: 0.05 });

/** `warmupCosine`'s options for a run of `steps` steps peaking at `lr`: {@link EXPERIMENT_SCHEDULE}. */
export function experimentSchedule(steps: number, lr: number): { readonly lr: number; readonly steps: number; readonly warmup: number; readonly final: number } {
  return { lr, steps, warmup: Math.min(EXPERIMENT_SCHEDULE.warmup, steps), final: EXPERIMENT_SCHEDULE.final };
}

/**
 * How many of a run's first and last steps its initial and final training loss average (one
 * step's loss is noisy): the first 5 and the last 20.
 */
export const EXPERIMENT_LOSS_WINDOWS: { readonly initial: number; readonly final: number } = Object.freeze({ initial: 5, final: 20 });

/** The mean loss of `[step, loss]` pairs (NaN for none). */
function meanLoss(picked: readonly (readonly [number, number])[]): number {
  return picked.reduce((sum, [, loss]) => sum + loss, 0) / picked.length;
}

/**
 * A run's initial and final training loss, the two that {@link hasCollapsed} compares: the means
 * of the losses read in its first and in its last steps ({@link EXPERIMENT_LOSS_WINDOWS}).
 * `losses` are `[step, loss]` pairs, steps counted from 1 (a run may read only some steps' losses,
 * as the web demo does on WebGPU); `lastStep` is the run's last step. NaN where no loss was read.
 */
export function trainingLossEnds(losses: readonly (readonly [number, number])[], lastStep: number): { readonly initial: number; readonly final: number } {
  return {
    initial: meanLoss(losses.filter(([step]) => step <= EXPERIMENT_LOSS_WINDOWS.initial)),
    final: meanLoss(losses.filter(([step]) => step > lastStep - EXPERIMENT_LOSS_WINDOWS.final)),
  };
}

/**
 * A run whose final training loss is above this share of its initial one has not learned.
 * Generous, because some losses have a floor far above zero (BCE's is the targets' entropy: on
 * photos it falls only from about 0.69 to 0.5).
 */
export const COLLAPSE_RATIO = 0.9;

/** Standard deviation, across images, of each output value, averaged: ~0 when every input gives the same output. */
function spreadAcrossImages(batch: HostTensor): number {
  const [n, ...rest] = batch.dims as number[];
  const size = numel(rest);
  let total = 0;
  for (let j = 0; j < size; j++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n!; i++) {
      const v = batch.data[i * size + j] as number;
      sum += v;
      squares += v * v;
    }
    const mean = sum / n!;
    total += Math.sqrt(Math.max(0, squares / n! - mean * mean));
  }
  return total / size;
}

/**
 * Whether a run of the experiment collapsed, so that its row is no result: its final training
 * loss is not finite or above {@link COLLAPSE_RATIO} of its initial one, or its reconstructions
 * of the held-out images are (nearly) one image whatever the input (spread across images under a
 * tenth of the originals': the collapse seen with the demos' old defaults, a constant image).
 * Both demos mark such rows.
 */
export function hasCollapsed(initialLoss: number, finalLoss: number, reconstructions: HostTensor, originals: HostTensor): boolean {
  if (!Number.isFinite(finalLoss) || finalLoss > COLLAPSE_RATIO * initialLoss) return true;
  return spreadAcrossImages(reconstructions) < 0.1 * spreadAcrossImages(originals);
}
