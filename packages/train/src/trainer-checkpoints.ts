import type { LossPlugin } from '@losskit/core';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { exportTrainedModel } from './export';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';
import type { TrainingState } from './trainer-state';

/** What a trainer's files describe: the model, the loss and the optimizer. */
export interface CheckpointContext {
  readonly prepared: PreparedModel;
  readonly loss: LossPlugin<unknown>;
  readonly optimizer: Optimizer;
  readonly state: TrainingState;
}

/** The trained inference model, as `.onnx` bytes. */
export async function exportState({ prepared, loss, state }: CheckpointContext): Promise<Uint8Array> {
  const values = { ...(await state.hostParameters()), ...(await state.hostStatistics()) };
  return exportTrainedModel(prepared, values, { loss: loss.name, steps: state.steps });
}

/** Parameters, optimizer state, step count and learning rate as one `.onnx` file. */
export async function saveState({ prepared, loss, optimizer, state }: CheckpointContext): Promise<Uint8Array> {
  const params = { ...(await state.hostParameters()), ...(await state.hostStatistics()) };
  const stateValues = await state.hostState();
  return writeCheckpoint(prepared, params, stateValues, { optimizer, steps: state.steps, learningRate: state.learningRate, loss: loss.name });
}

/** Restores what {@link saveState} wrote into the training state. */
export function loadState({ prepared, optimizer, state }: CheckpointContext, bytes: Uint8Array): void {
  const restored = readCheckpoint(bytes, prepared, optimizer);
  state.reset(
    (name) => restored.params[name]!,
    (slot, name) => restored.state[NAMES.state(slot, name)]!,
  );
  state.steps = restored.steps;
  state.learningRate = restored.learningRate;
}
