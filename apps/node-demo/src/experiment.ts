import type { HostTensor, LossPlugin } from '@losskit/core';
import { type ImageBatch, convAutoencoder, experimentSchedule, hasCollapsed, trainingLossEnds } from '@losskit/models';
import type { ProviderName, ProviderRequest } from '@losskit/runtime';
import { type LearningRateSchedule, adam, createTrainer, warmupCosine } from '@losskit/train';
import { type ReconstructionMetrics, meanSsim, reconstructionMetrics } from './metrics';

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
  /** Mean training loss of the first 5 steps. */
  readonly initialTrainingLoss: number;
  /**
   * Whether training collapsed (`hasCollapsed` of @losskit/models): the loss did not fall below
   * 90 % of its start, or the model outputs (nearly) one image whatever its input (the collapse
   * seen with the old defaults: a constant image, loss stuck). Such a row is no result.
   */
  readonly collapsed: boolean;
  readonly lossCurve: readonly number[];
  readonly wallTimeSeconds: number;
  /** Pixel metrics and the mean SSIM on the held-out images. */
  readonly heldOut: ReconstructionMetrics & { readonly ssim: number };
  /** Reconstructions of the held-out images (NCHW). */
  readonly reconstructions: HostTensor;
  /** The trained model as a plain inference .onnx file. */
  readonly onnx: Uint8Array;
}

/**
 * The learning rates of a run of `steps` steps peaking at `lr`: the experiment's schedule
 * (`experimentSchedule` of @losskit/models, a warm-up then a cosine decay), as the web demo runs it.
 */
export function learningRateSchedule(steps: number, lr: number): LearningRateSchedule {
  return warmupCosine(experimentSchedule(steps, lr));
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
    const schedule = learningRateSchedule(settings.steps, settings.lr);
    const trainer = await createTrainer({
      // Every loss starts from the same weights: the user's model, or the same seeded one.
      model: settings.modelBytes ?? convAutoencoder({ size: settings.size, seed: settings.seed }),
      loss: loss.plugin,
      optimizer: adam({ lr: schedule(1) }),
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
          onProgress: (p) => {
            trainer.learningRate = schedule(p.step + 1);
            hooks.onStep?.(loss, p.step, p.totalSteps, p.loss);
          },
        },
      );
      const reconstructions = await trainer.predict(data.heldOut);
      const onnx = await trainer.exportOnnx();
      const curve = fit.losses.map((value, i) => [i + 1, value] as const);
      const { initial: initialTrainingLoss, final: finalTrainingLoss } = trainingLossEnds(curve, fit.losses.length);
      const result: LossResult = {
        name: loss.name,
        plugin: loss.plugin.name,
        options: loss.plugin.options,
        provider: trainer.provider,
        finalTrainingLoss,
        initialTrainingLoss,
        collapsed: hasCollapsed(initialTrainingLoss, finalTrainingLoss, reconstructions, data.heldOut),
        lossCurve: fit.losses,
        wallTimeSeconds: (performance.now() - start) / 1000,
        heldOut: { ...reconstructionMetrics(data.heldOut.data, reconstructions.data, data.heldOut.dims), ssim: meanSsim(data.heldOut, reconstructions) },
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
