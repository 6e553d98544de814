// One run of the experiment: one autoencoder per loss, same initial weights, same batches, same
// learning-rate schedule as the node demo's, trained in lockstep. Steps are serialized (ONNX
// Runtime Web cannot run a session twice at once); the page hears about it at most ~10 times a
// second, and sees reconstructions of the shown held-out images at most once a second (on steps
// that read their loss), so it stays responsive however fast the steps are. At the end every
// row is measured on all the held-out images.
import type { LossPlugin } from '@losskit/core';
import { type ImageBatch, convAutoencoder, experimentSchedule, gatherSamples, hasCollapsed, reconstructionMetrics, trainingLossEnds } from '@losskit/models';
import { type TargetTensor, type Trainer, adam, createTrainer, permutation, warmupCosine } from '@losskit/train';
import type { DemoSettings, FromWorker, Images, RowResult } from '../protocol';
import type { RunData } from './data';
import { yieldToMessages } from './yield';

const PROGRESS_INTERVAL_MS = 100;
const RECONSTRUCTION_INTERVAL_MS = 1000;
/**
 * On WebGPU a step's loss is read back on the first step, every LOSS_EVERY steps and the last:
 * the other steps only queue their work, so the GPU is never idle waiting for a 4-byte read.
 * (On WASM the loss is on the host anyway and every step has one.)
 */
const LOSS_EVERY = 5;

export interface RowSpec {
  readonly id: string;
  /** Absent for a row whose loss failed its checks: it shows its error and never trains. */
  readonly plugin?: LossPlugin<unknown>;
  /** The target of a batch of images (see training-loss.ts); default the images themselves. */
  readonly target?: (images: ImageBatch) => TargetTensor;
}

interface Row extends RowSpec {
  trainer?: Trainer;
  /** [step, loss] of every step whose loss was read. */
  losses: [number, number][];
  failed: boolean;
}

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

function message(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

export class Run {
  private readonly rows: Row[];
  private cancelled = false;
  private paused = false;
  private resume: (() => void) | undefined;
  private finished: Promise<void> | undefined;

  constructor(
    private readonly post: Post,
    private readonly settings: DemoSettings,
    private readonly data: RunData,
    specs: readonly RowSpec[],
    private readonly provider: 'webgpu' | 'wasm',
  ) {
    this.rows = specs.map((spec) => ({ ...spec, losses: [], failed: spec.plugin === undefined }));
  }

  /** Marks a row failed: it stops training, the others go on. */
  fail(id: string, error: unknown): void {
    const row = this.rows.find((r) => r.id === id);
    if (row) {
      row.failed = true;
      void row.trainer?.release();
      row.trainer = undefined;
    }
    this.post({ type: 'row-error', row: id, message: message(error) });
  }

  start(): Promise<void> {
    this.finished ??= this.train();
    return this.finished;
  }

  pause(): void {
    this.paused = true;
    this.post({ type: 'status', status: 'paused' });
  }

  continue(): void {
    this.paused = false;
    this.resume?.();
    this.post({ type: 'status', status: 'training' });
  }

  /** Stops after the current step and frees every session. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.resume?.();
    await this.finished?.catch(() => undefined);
    await Promise.all(this.rows.map((row) => row.trainer?.release()));
    for (const row of this.rows) row.trainer = undefined;
  }

  /** The trained model of a row as a plain inference `.onnx` file. */
  async exportRow(id: string): Promise<Uint8Array> {
    const trainer = this.rows.find((r) => r.id === id)?.trainer;
    if (!trainer) throw new Error(`no trained model for ${id}`);
    return trainer.exportOnnx();
  }

  private live(): Row[] {
    return this.rows.filter((row) => !row.failed && row.trainer);
  }

  private async train(): Promise<void> {
    const { settings, data } = this;
    const model = convAutoencoder({ size: settings.size, seed: settings.seed });
    // The node demo's schedule: a warm-up, then a cosine decay (experimentSchedule of @losskit/models).
    const schedule = warmupCosine(experimentSchedule(settings.steps, settings.lr));
    for (const row of this.rows) {
      if (row.failed || !row.plugin) continue;
      try {
        row.trainer = await createTrainer({ model, loss: row.plugin, optimizer: adam({ lr: schedule(1) }), provider: this.provider, onNotice: () => undefined });
      } catch (error) {
        this.fail(row.id, error);
      }
    }
    this.post({ type: 'status', status: 'training' });
    const count = data.train.dims[0];
    const batch = Math.min(settings.batch, count);
    const perEpoch = Math.floor(count / batch);
    let lastProgress = 0;
    let lastImages = 0;
    let pending: Record<string, [number, number][]> = {};
    const times: number[] = [];
    let step = 0;
    const flush = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      // Steps per second over the last two seconds of steps.
      while (times.length > 2 && now - times[0]! > 2000) times.shift();
      const rate = times.length > 1 ? ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!) : 0;
      this.post({ type: 'progress', step, totalSteps: settings.steps, stepsPerSecond: rate, points: pending });
      pending = {};
    };
    let order = permutation(count, settings.seed);
    while (step < settings.steps && !this.cancelled && this.live().length > 0) {
      await yieldToMessages();
      if (this.paused) {
        flush(true);
        await new Promise<void>((resolve) => (this.resume = resolve));
        continue;
      }
      const epoch = Math.floor(step / perEpoch);
      const within = step % perEpoch;
      if (within === 0 && step > 0) order = permutation(count, settings.seed + epoch);
      const indices = Array.from(order.subarray(within * batch, (within + 1) * batch));
      const images = gatherSamples(data.train, indices) as ImageBatch;
      step++;
      const readLoss = step === 1 || step % LOSS_EVERY === 0 || step === settings.steps;
      const lr = schedule(step);
      for (const row of this.live()) {
        try {
          row.trainer!.learningRate = lr;
          const { loss } = await row.trainer!.step({ input: images, target: row.target?.(images) ?? images }, { readLoss });
          if (loss === undefined) continue;
          row.losses.push([step, loss]);
          (pending[row.id] ??= []).push([step, loss]);
        } catch (error) {
          this.fail(row.id, error);
        }
      }
      times.push(performance.now());
      flush(false);
      // Predicting reads the GPU back: do it on steps that read their loss anyway.
      if (readLoss && performance.now() - lastImages > RECONSTRUCTION_INTERVAL_MS) {
        await this.sendReconstructions(step);
        lastImages = performance.now();
      }
    }
    flush(true);
    if (this.cancelled) return;
    await this.sendReconstructions(step);
    const measured = await this.predictAll(data.heldOut);
    const results: RowResult[] = this.live().map((row) => {
      // The losses read in the first and the last steps, as the node demo takes them.
      const { initial: initialTrainingLoss, final: finalTrainingLoss } = trainingLossEnds(row.losses, step);
      const reconstructions = measured[row.id]!;
      return {
        row: row.id,
        plugin: row.plugin!.name,
        initialTrainingLoss,
        finalTrainingLoss,
        collapsed: hasCollapsed(initialTrainingLoss, finalTrainingLoss, reconstructions, data.heldOut),
        heldOut: reconstructionMetrics(data.heldOut.data, reconstructions.data, data.heldOut.dims),
      };
    });
    this.post({ type: 'results', results });
    this.post({ type: 'status', status: 'done' });
  }

  /** Every live row's reconstructions of `images`. */
  private async predictAll(images: ImageBatch): Promise<Record<string, Images>> {
    const out: Record<string, Images> = {};
    for (const row of this.live()) {
      try {
        out[row.id] = { data: (await row.trainer!.predict(images)).data, dims: images.dims };
      } catch (error) {
        this.fail(row.id, error);
      }
    }
    return out;
  }

  /** Predicts the shown held-out images with every live row and posts them. */
  private async sendReconstructions(step: number): Promise<void> {
    // Structured clone copies the arrays.
    this.post({ type: 'reconstructions', step, images: await this.predictAll(this.data.shown) });
  }
}
