import type { LossPlugin, TensorInput } from '@losskit/core';
import { type ImageBatch, convAutoencoder, sliceSamples } from '@losskit/models';
import type { ProviderName, ProviderRequest } from '@losskit/runtime';
import { adam, createTrainer } from '@losskit/train';
import { type ReconstructionMetrics, reconstructionMetrics } from './metrics';

/** One loss of the experiment, with a display name (`red` for `channel({ channel: 'red' })`). */
export interface ExperimentLoss {
  readonly name: string;
  readonly plugin: LossPlugin<unknown>;
}

export interface ExperimentSettings {
  readonly steps: number;
  readonly batch: number;
  readonly size: number;
  readonly seed: number;
  readonly lr: number;
  readonly provider: ProviderRequest;
  /** The `.onnx` bytes of an autoencoder to fine-tune instead of `convAutoencoder`. */
  readonly modelBytes?: Uint8Array;
}

/** What one trained model did. */
export interface LossResult {
  readonly name: string;
  readonly plugin: string;
  readonly options: unknown;
  readonly provider: ProviderName;
  /** Mean training loss of the last 20 steps (one step's loss is noisy). */
  readonly finalTrainingLoss: number;
  readonly lossCurve: readonly number[];
  readonly wallTimeSeconds: number;
  readonly heldOut: ReconstructionMetrics;
  /** Reconstructions of the held-out images (NCHW). */
  readonly reconstructions: TensorInput;
  /** The trained model as a plain inference .onnx file. */
  readonly onnx: Uint8Array;
}

/** Hooks for progress output. */
export interface ExperimentHooks {
  onStart?(loss: ExperimentLoss, index: number): void;
  onStep?(loss: ExperimentLoss, step: number, totalSteps: number, value: number): void;
  onDone?(result: LossResult): void;
}

/**
 * Trains one autoencoder per loss — the same architecture, initial weights, data and shuffling —
 * and measures each on held-out images.
 */
export async function runExperiment(
  losses: readonly ExperimentLoss[],
  data: { train: ImageBatch; heldOut: ImageBatch },
  settings: ExperimentSettings,
  hooks: ExperimentHooks = {},
): Promise<LossResult[]> {
  const results: LossResult[] = [];
  const count = data.train.dims[0]!;
  const epochs = Math.ceil(settings.steps / Math.floor(count / settings.batch));
  for (const [index, loss] of losses.entries()) {
    hooks.onStart?.(loss, index);
    const start = performance.now();
    const trainer = await createTrainer({
      // Every loss starts from the same weights: the user's model, or the same seeded one.
      model: settings.modelBytes ?? convAutoencoder({ size: settings.size, seed: settings.seed }),
      loss: loss.plugin,
      optimizer: adam({ lr: settings.lr }),
      provider: settings.provider,
    });
    try {
      const fit = await trainer.fit(
        { inputs: data.train, targets: data.train },
        {
          epochs,
          batchSize: settings.batch,
          maxSteps: settings.steps,
          seed: settings.seed,
          onProgress: (p) => hooks.onStep?.(loss, p.step, p.totalSteps, p.loss),
        },
      );
      const reconstructions = await trainer.predict(data.heldOut);
      const onnx = await trainer.exportOnnx();
      const tail = fit.losses.slice(-20);
      const result: LossResult = {
        name: loss.name,
        plugin: loss.plugin.name,
        options: loss.plugin.options,
        provider: trainer.provider,
        finalTrainingLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
        lossCurve: fit.losses,
        wallTimeSeconds: (performance.now() - start) / 1000,
        heldOut: reconstructionMetrics(data.heldOut.data, reconstructions.data, data.heldOut.dims),
        reconstructions,
        onnx,
      };
      results.push(result);
      hooks.onDone?.(result);
    } finally {
      await trainer.release();
    }
  }
  return results;
}

/** Splits a batch into its first `count - heldOut` images for training and the rest. */
export function splitHeldOut(images: ImageBatch, heldOut: number): { train: ImageBatch; heldOut: ImageBatch } {
  const count = images.dims[0]!;
  return { train: sliceSamples(images, 0, count - heldOut), heldOut: sliceSamples(images, count - heldOut, count) };
}
