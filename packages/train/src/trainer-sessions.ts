import { type LossPlugin, type Reduction, partOutputName } from '@losskit/core';
import { type ModelSession, type ProviderName, type SessionTuning, openModelSession, providerCapabilities } from '@losskit/runtime';
import { NAMES } from './names';
import { compileEvaluation, compileTrainingStep } from './compile';
import type { PreparedModel } from './model';
import type { Optimizer } from './optimizers';
import type { ProviderCompileOptions } from './provider-forms';

/** The compiled graphs of one trainer, one ONNX Runtime session per batch shape. */
export interface TrainerSessions {
  /** The training-step session for a batch of input `dims`. */
  step(dims: readonly number[]): Promise<StepSession>;
  /** The evaluation session (loss sum when `withLoss`, else the model's output) for input `dims`. */
  evaluation(dims: readonly number[], withLoss: boolean): Promise<{ session: ModelSession; lossCount: number }>;
  /** Releases every session made so far (sessions still being created included). */
  release(): Promise<void>;
}

/** A compiled training step: its session, the prediction's dims, each Dropout mask's dims and a combined loss's part keys. */
export interface StepSession {
  readonly session: ModelSession;
  readonly predictionDims: readonly number[];
  readonly maskDims: Readonly<Record<string, readonly number[]>>;
  /** The keys of a combined loss's parts (outputs `losskit/part/<key>`); empty for other losses. */
  readonly parts: readonly string[];
  /** The outputs whose plain sum the parameter check is (`CompiledStep.checkedOutputs`). */
  readonly checkedOutputs: readonly string[];
}

/** The promise cached under `key`, created on first use and forgotten if it fails. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let entry = cache.get(key);
  if (!entry) {
    entry = create();
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

export function createTrainerSessions(config: {
  readonly prepared: PreparedModel;
  readonly loss: LossPlugin<unknown>;
  readonly reduction: Exclude<Reduction, 'none'>;
  readonly optimizer: Optimizer;
  /** The provider, resolved already (the sessions open on it without probing again). */
  readonly provider: ProviderName;
  /** Step outputs that stay on the device (WebGPU) to be fed back to the next step. */
  readonly keepOnDevice: readonly string[];
  /** Session tuning, resolved already by `createTrainer`. */
  readonly session: SessionTuning;
  /** The provider's step-graph options (`trainerCompileOptions`), host-view forms among them. */
  readonly forms: ProviderCompileOptions;
  /** The inputs the trainer's state feeds (parameters, optimizer state, running statistics). */
  readonly stateInputs: readonly string[];
}): TrainerSessions {
  const { prepared, loss, reduction, optimizer, provider, keepOnDevice, session: tuning, forms } = config;
  // The trainer checks batches (fit and evaluate check whole datasets) before they get here, and
  // its state's values where they enter it (the model, a checkpoint; an update is kept only when
  // finite): sessions check only their dims, so no value is scanned twice, nor the parameters
  // every step (resnet18's 11 million, 27 ms of a 107-ms step at batch 4 on the 2-core machine).
  const checkedInputs = [prepared.input.name, NAMES.target, ...config.stateInputs];
  const { trainingStepOptimization } = providerCapabilities(provider);
  const stepTuning: SessionTuning = { ...tuning, graphOptimization: tuning.graphOptimization ?? trainingStepOptimization };
  const stepSessions = new Map<string, Promise<StepSession>>();
  const evalSessions = new Map<string, Promise<{ session: ModelSession; lossCount: number }>>();
  return {
    step: (dims) =>
      cached(stepSessions, dims.join('x'), async () => {
        const { bytes, predictionDims, maskDims, parts, checkedOutputs } = compileTrainingStep(prepared, loss, reduction, optimizer, dims, forms);
        // A combined loss's parts stay where its loss stays (on the GPU where reading it may wait).
        const keep = keepOnDevice.includes(NAMES.loss) ? [...keepOnDevice, ...parts.map(partOutputName)] : keepOnDevice;
        const session = await openModelSession(bytes, { provider, keepOnDevice: keep, session: stepTuning, checkedInputs });
        return { session, predictionDims, maskDims, parts, checkedOutputs };
      }),
    evaluation: (dims, withLoss) =>
      cached(evalSessions, `${dims.join('x')}|${withLoss}`, async () => {
        const { bytes, lossCount } = compileEvaluation(prepared, withLoss ? loss : undefined, dims, forms.integerType, { smallImageConv: forms.smallImageConv });
        return { session: await openModelSession(bytes, { provider, keepOnDevice: [], session: tuning, checkedInputs }), lossCount };
      }),
    async release() {
      const sessions = [...stepSessions.values(), ...evalSessions.values()];
      stepSessions.clear();
      evalSessions.clear();
      await Promise.all(sessions.map(async (entry) => (await entry.catch(() => undefined))?.session.release()));
    },
  };
}
