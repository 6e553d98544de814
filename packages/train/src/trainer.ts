import { InvalidOptionError, type LossPlugin, ReleasedError, inputSpecsOf, resolveOptions } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import { platform, providerCapabilities, resolveProvider, withAsyncDispose } from '@losskit/runtime';
import { maskSource } from './dropout';
import { prepareModel } from './model';
import { trainerCompileOptions } from './provider-forms';
import { NAMES } from './names';
import { exportState, loadState, saveState } from './trainer-checkpoints';
import { evaluateLoop, fitLoop, predictLoop, runStep } from './trainer-loops';
import { STEP_OPTIONS, TRAINER_OPTIONS, learningRateOption } from './trainer-options';
import { createTrainerSessions } from './trainer-sessions';
import { flatLayout } from './step-update';
import { optimizerPlacement } from './host-optimizer';
import type { StepOptions, Trainer, TrainerOptions } from './trainer-types';

export type { Batch, EvaluationResult, FitOptions, FitProgress, FitResult, QueuedStepResult, StepOptions, StepResult, Trainer, TrainerOptions } from './trainer-types';

/**
 * A trainer compares the model's output with one target: a loss that declares other inputs
 * (triplet margin's `positive` and `negative`) or none is refused when the trainer is created.
 */
function checkTrainingLoss(loss: LossPlugin<unknown>): void {
  const declared = Object.keys(inputSpecsOf(loss));
  if (declared.length !== 1 || declared[0] !== 'target') {
    throw new InvalidOptionError(
      'createTrainer.loss',
      'a loss of the model output and one target (float values or class indices)',
      `${loss.name}(), which takes ${declared.length === 0 ? 'no target' : declared.join(', ')}`,
    );
  }
}

/**
 * Creates a trainer: the model's parameters start from its initializers; every step compiles
 * (once per batch shape) to one ONNX graph — forward, loss, backward, optimizer update — run on
 * the chosen provider. On WebGPU the parameters and optimizer state stay in GPU buffers between
 * steps; on cpu Adam's update runs in place in WebAssembly after a graph that returns the
 * gradients (`hostOptimizer`, host-optimizer.ts).
 *
 * This function is the wiring: options (`trainer-options`), state (`trainer-state`), sessions
 * (`trainer-sessions`), loops (`trainer-loops`) and files (`trainer-checkpoints`) each live in
 * their own module.
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  const { model, loss, reduction, optimizer, onNotice, session, provider: request, input, output, trainable, frozen, dropout, hostOptimizer } = resolveOptions(
    'createTrainer',
    TRAINER_OPTIONS,
    options,
  );
  checkTrainingLoss(loss);
  const prepared = prepareModel(model, { input, output, trainable, frozen });
  if (prepared.params.length === 0) {
    throw new InvalidInputError('model', 'float32 initializers (parameters) that the output depends on', 'none');
  }
  // Resolved once: every session of this trainer opens on it without parsing options again.
  const provider = await resolveProvider(request, { onNotice });
  const capabilities = providerCapabilities(provider);
  const forms = trainerCompileOptions(provider);
  // Host outputs are views away from any shape or slice: the step returns the flat update's
  // parameters and state as one tensor each, which the state slices (CompileOptions.hostViews).
  const flat = forms.hostViews ? flatLayout(prepared.params, optimizer) : undefined;
  const { state, stepOptimizer } = optimizerPlacement(prepared, optimizer, provider, hostOptimizer, flat);
  // Where reading a device tensor costs what ONNX Runtime's own copy of a host output costs (WebGPU
  // in the browser), the loss and the update check stay on the device too and a step may skip
  // reading them (step(batch, { readLoss: false })). In Node that read would be an extra run.
  const deviceScalars = capabilities.cheapDeviceReads.includes(platform) ? [NAMES.loss, NAMES.parameterCheck] : [];
  const keepOnDevice = [...state.stepOutputs, ...deviceScalars];
  const stateInputs = [...new Set([...Object.keys(state.stepFeeds()), ...Object.keys(state.parameterFeeds())])];
  const sessions = createTrainerSessions({ prepared, loss, reduction, optimizer: stepOptimizer, provider, keepOnDevice, session, forms, stateInputs });
  const loops = { prepared, sessions, state, masks: maskSource(dropout), loss, integerType: forms.integerType };
  const files = { prepared, loss, optimizer, state };

  let released = false;
  let releasing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  // One operation at a time: steps replace the parameters that the next operation reads.
  const exclusive = <T>(operation: () => Promise<T>): Promise<T> => {
    if (released) return Promise.reject(new ReleasedError('This trainer'));
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  };

  return withAsyncDispose<Omit<Trainer, typeof Symbol.asyncDispose>>({
    provider,
    parameterNames: prepared.params.map((p) => p.name),
    parameterCount: prepared.params.reduce((n, p) => n + (p.data as Float32Array).length, 0),
    get steps() {
      return state.steps;
    },
    get learningRate() {
      return state.learningRate;
    },
    set learningRate(value: number) {
      state.learningRate = learningRateOption.parse(value, 'learningRate');
    },
    step: ((batch: Parameters<Trainer['step']>[0], stepOptions?: StepOptions) =>
      exclusive(() => runStep(loops, batch, false, resolveOptions('step', STEP_OPTIONS, stepOptions).readLoss))) as Trainer['step'],
    fit: (data, fitOptions = {}) => exclusive(() => fitLoop(loops, data, fitOptions)),
    evaluate: (data, evalOptions = {}) => exclusive(() => evaluateLoop(loops, data, evalOptions)),
    predict: (inputs, predictOptions = {}) => exclusive(() => predictLoop(loops, inputs, predictOptions)),
    parameters: () => exclusive(() => state.hostParameters()),
    exportOnnx: () => exclusive(() => exportState(files)),
    saveCheckpoint: () => exclusive(() => saveState(files)),
    loadCheckpoint: (bytes) => exclusive(async () => loadState(files, bytes)),
    // Released at once: work asked for while release() waits for the queue gets ReleasedError
    // instead of running on freed state. Work queued before it finishes first. A second call
    // waits for the same release.
    release: () =>
      (releasing ??= (async () => {
        released = true;
        await queue;
        // Device tensors belong to the sessions that made them: free them before the sessions
        // (the other order aborts onnxruntime-node).
        state.release();
        await sessions.release();
      })()),
  });
}
