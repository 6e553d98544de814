import { checkTensor } from '@losskit/core';
import { InvalidInputError, type Tensor, decodeModel, encodeModel } from '@losskit/graph';
import { modelWithParameters } from './export';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';

const METADATA_KEY = 'losskit.checkpoint';

interface CheckpointInfo {
  readonly format: 1;
  readonly optimizer: string;
  readonly hyperparameters: Optimizer['hyperparameters'];
  readonly steps: number;
  readonly learningRate: number;
  readonly loss: string;
}

/**
 * A checkpoint is the trained model as an `.onnx` file, plus the optimizer state as extra
 * (unused) initializers and a `losskit.checkpoint` metadata entry: one file that any ONNX tool can
 * open and that still runs as the inference model.
 */
export function writeCheckpoint(
  prepared: PreparedModel,
  params: Readonly<Record<string, Float32Array>>,
  state: Readonly<Record<string, Float32Array>>,
  about: { optimizer: Optimizer; steps: number; learningRate: number; loss: string },
): Uint8Array {
  const model = modelWithParameters(prepared, params);
  const dimsOf = new Map(prepared.params.map((p) => [p.name, p.dims]));
  const stateTensors: Tensor[] = Object.entries(state).map(([name, data]) => {
    const param = name.slice(name.indexOf('/', 'losskit/state/'.length) + 1);
    return { name, dtype: 'float32', dims: dimsOf.get(param)!, data };
  });
  const info: CheckpointInfo = {
    format: 1,
    optimizer: about.optimizer.name,
    hyperparameters: about.optimizer.hyperparameters,
    steps: about.steps,
    learningRate: about.learningRate,
    loss: about.loss,
  };
  return encodeModel({
    ...model,
    graph: { ...model.graph, initializers: [...model.graph.initializers, ...stateTensors] },
    metadata: { ...model.metadata, [METADATA_KEY]: JSON.stringify(info) },
  });
}

/** Reads a checkpoint for `prepared` and `optimizer`, checking that every tensor fits. */
export function readCheckpoint(
  bytes: Uint8Array,
  prepared: PreparedModel,
  optimizer: Optimizer,
): { params: Record<string, Float32Array>; state: Record<string, Float32Array>; steps: number; learningRate: number } {
  const model = decodeModel(bytes);
  const raw = model.metadata[METADATA_KEY];
  if (!raw) throw new InvalidInputError('checkpoint', 'a checkpoint written by saveCheckpoint()', `an .onnx file without "${METADATA_KEY}" metadata`);
  const info = JSON.parse(raw) as CheckpointInfo;
  if (info.optimizer !== optimizer.name) {
    throw new InvalidInputError('checkpoint', `a checkpoint of the ${optimizer.name} optimizer`, `one of ${info.optimizer}`);
  }
  const tensors = new Map(model.graph.initializers.map((t) => [t.name, t]));
  const read = (name: string, dims: readonly number[]): Float32Array => {
    const tensor = tensors.get(name);
    if (!tensor || tensor.dtype !== 'float32' || tensor.dims.join() !== dims.join()) {
      const found = tensor ? `${tensor.dtype} [${tensor.dims.join(', ')}]` : 'nothing';
      throw new InvalidInputError(`checkpoint "${name}"`, `float32 [${dims.join(', ')}]`, found);
    }
    // Checked finite here, before the trainer takes any of it: its sessions feed the state unscanned.
    return Float32Array.from(checkTensor(`checkpoint "${name}"`, { data: tensor.data as Float32Array, dims }).data);
  };
  const params: Record<string, Float32Array> = {};
  const state: Record<string, Float32Array> = {};
  for (const t of prepared.statistics) params[t.name] = read(t.name, t.dims);
  for (const p of prepared.params) {
    params[p.name] = read(p.name, p.dims);
    for (const slot of optimizer.stateSlots) state[NAMES.state(slot, p.name)] = read(NAMES.state(slot, p.name), p.dims);
  }
  return { params, state, steps: info.steps, learningRate: info.learningRate };
}
