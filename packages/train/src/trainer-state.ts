import { type HostTensor, type RuntimeTensor, downloadTensor } from '@losskit/runtime';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';

/** A value fed to a session: host data, or (WebGPU) a tensor a previous run left on the device. */
export type Feed = HostTensor | RuntimeTensor;

function isDeviceTensor(feed: Feed): feed is RuntimeTensor {
  return 'location' in feed;
}

function dispose(feed: Feed | undefined): void {
  if (feed && isDeviceTensor(feed)) feed.dispose();
}

/**
 * A step output in the shape `dims`: steps on host providers return large parameters and their
 * state 1-D (`CompileOptions.lineOutputs`), and a host tensor's reshape is a view.
 */
function shaped(output: RuntimeTensor, dims: readonly number[]): RuntimeTensor {
  const same = output.dims.length === dims.length && output.dims.every((d, i) => d === dims[i]);
  return same || output.location !== 'cpu' ? output : output.reshape(dims);
}

async function hostValue(feed: Feed): Promise<Float32Array> {
  return isDeviceTensor(feed) ? Float32Array.from(await downloadTensor(feed)) : Float32Array.from(feed.data);
}

/**
 * What a trainer learns: the parameters, the optimizer's state slots, the step count and the
 * learning rate. Values live on the host or (WebGPU) on the device, where the last step left them.
 */
export interface TrainingState {
  steps: number;
  learningRate: number;
  /** The step outputs that become the next parameters and state (kept on the device where possible). */
  readonly stepOutputs: readonly string[];
  /** Parameter and running-statistic feeds, by name (what evaluation and prediction read). */
  parameterFeeds(): Record<string, Feed>;
  /** Parameter, running-statistic and state feeds (what a training step reads). */
  stepFeeds(): Record<string, Feed>;
  /** Replaces every parameter, running statistic (`values` by name) and state slot with host values. */
  reset(values: (name: string) => Float32Array, stateValues: (slot: string, name: string) => Float32Array): void;
  /** Takes a step's outputs (new parameters and state) as the current values. */
  advance(outputs: Readonly<Record<string, RuntimeTensor>>): void;
  /** Host copies of the parameters, by name. */
  hostParameters(): Promise<Record<string, Float32Array>>;
  /** Host copies of the BatchNormalization running statistics, by initializer name. */
  hostStatistics(): Promise<Record<string, Float32Array>>;
  /** Host copies of the state slots, by their `NAMES.state` name. */
  hostState(): Promise<Record<string, Float32Array>>;
  /** Frees device tensors; call before releasing the sessions that made them. */
  release(): void;
}

/** The state of a fresh trainer: parameters from the model's initializers, state slots zero. */
export function createTrainingState(prepared: PreparedModel, optimizer: Optimizer): TrainingState {
  const params = new Map<string, Feed>();
  const state = new Map<string, Feed>();
  const statistics = new Map<string, Feed>();
  // What a step leaves on the device: new parameters, state slots and running statistics.
  const stepOutputs = [
    ...prepared.params.flatMap((p) => [NAMES.newParam(p.name), ...optimizer.stateSlots.map((slot) => NAMES.newState(slot, p.name))]),
    ...prepared.statistics.map((t) => NAMES.newStatistic(t.name)),
  ];

  const copies = async (feeds: Map<string, Feed>) => {
    const out: Record<string, Float32Array> = {};
    for (const [name, feed] of feeds) out[name] = await hostValue(feed);
    return out;
  };

  const training: TrainingState = {
    steps: 0,
    learningRate: optimizer.lr,
    stepOutputs,
    parameterFeeds: () => ({ ...Object.fromEntries(params), ...Object.fromEntries(statistics) }),
    stepFeeds: () => ({ ...Object.fromEntries(params), ...Object.fromEntries(statistics), ...Object.fromEntries(state) }),
    reset(values, stateValues) {
      for (const t of prepared.statistics) {
        dispose(statistics.get(t.name));
        statistics.set(t.name, { data: values(t.name), dims: t.dims });
      }
      for (const p of prepared.params) {
        dispose(params.get(p.name));
        params.set(p.name, { data: values(p.name), dims: p.dims });
        for (const slot of optimizer.stateSlots) {
          const key = NAMES.state(slot, p.name);
          dispose(state.get(key));
          state.set(key, { data: stateValues(slot, p.name), dims: p.dims });
        }
      }
    },
    advance(stepOutputs) {
      for (const t of prepared.statistics) {
        dispose(statistics.get(t.name));
        statistics.set(t.name, stepOutputs[NAMES.newStatistic(t.name)]!);
      }
      for (const p of prepared.params) {
        dispose(params.get(p.name));
        params.set(p.name, shaped(stepOutputs[NAMES.newParam(p.name)]!, p.dims));
        for (const slot of optimizer.stateSlots) {
          dispose(state.get(NAMES.state(slot, p.name)));
          state.set(NAMES.state(slot, p.name), shaped(stepOutputs[NAMES.newState(slot, p.name)]!, p.dims));
        }
      }
    },
    hostParameters: () => copies(params),
    hostState: () => copies(state),
    hostStatistics: () => copies(statistics),
    release() {
      for (const feed of [...params.values(), ...state.values(), ...statistics.values()]) dispose(feed);
      params.clear();
      state.clear();
      statistics.clear();
    },
  };
  const initial = new Map([...prepared.params, ...prepared.statistics].map((p) => [p.name, p.data as Float32Array]));
  training.reset(
    (name) => Float32Array.from(initial.get(name)!),
    (_, name) => new Float32Array(initial.get(name)!.length),
  );
  return training;
}
