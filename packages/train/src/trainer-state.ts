import { checkTensor } from '@losskit/core';
import { numel } from '@losskit/graph';
import { type HostTensor, type RuntimeTensor, downloadTensor } from '@losskit/runtime';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';
import type { FlatLayout } from './step-update';

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
 * state 1-D (`CompileOptions.hostViews`), and a host tensor's reshape is a view.
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
  /** Replaces every parameter, running statistic (`values` by name) and state slot with host values (zeros without `stateValues`). */
  reset(values: (name: string) => Float32Array, stateValues?: (slot: string, name: string) => Float32Array): void;
  /**
   * Takes the outputs of step `step` (1-based): new parameters and state, or gradients to update
   * them with. False, with nothing changed, when the update would make a parameter non-finite.
   */
  advance(outputs: Readonly<Record<string, RuntimeTensor>>, step: number): boolean;
  /** Host copies of the parameters, by name. */
  hostParameters(): Promise<Record<string, Float32Array>>;
  /** Host copies of the BatchNormalization running statistics, by initializer name. */
  hostStatistics(): Promise<Record<string, Float32Array>>;
  /** Host copies of the state slots, by their `NAMES.state` name. */
  hostState(): Promise<Record<string, Float32Array>>;
  /** Frees device tensors; call before releasing the sessions that made them. */
  release(): void;
}

/**
 * The state of a fresh trainer: parameters from the model's initializers, state slots zero.
 * With `flat` (host providers, `CompileOptions.hostViews`), its members' parameters and state
 * slots live in one host tensor each, which steps take and return whole; evaluation, checkpoints
 * and `parameters()` see each member as a view of it.
 */
export function createTrainingState(prepared: PreparedModel, optimizer: Optimizer, flat?: FlatLayout): TrainingState {
  const slots = optimizer.stateSlots;
  const members = new Set(flat?.members.map((m) => m.name) ?? []);
  const alone = prepared.params.filter((p) => !members.has(p.name));
  const params = new Map<string, Feed>();
  const state = new Map<string, Feed>();
  const statistics = new Map<string, Feed>();
  // The flat tensors by input name: `losskit/flat/params` and `losskit/flat/state/<slot>`.
  const flatFeeds = new Map<string, Feed>();
  const flatInputs = flat ? [NAMES.flatParams, ...slots.map((slot) => NAMES.flatState(slot))] : [];
  const flatOutputs = flat ? [NAMES.newFlatParams, ...slots.map((slot) => NAMES.newFlatState(slot))] : [];
  // What a step leaves on the device: new parameters, state slots and running statistics.
  const stepOutputs = [
    ...flatOutputs,
    ...alone.flatMap((p) => [NAMES.newParam(p.name), ...slots.map((slot) => NAMES.newState(slot, p.name))]),
    ...prepared.statistics.map((t) => NAMES.newStatistic(t.name)),
  ];
  /** Each member's view of the flat tensor fed as `input`, under `key(member name)`. */
  const views = (input: string, key: (name: string) => string): Record<string, Feed> => {
    const feed = flatFeeds.get(input);
    if (!flat || !feed) return {};
    // Flat tensors exist on host providers only, so their data is on the host.
    const data = feed.data as Float32Array;
    return Object.fromEntries(flat.members.map((m) => [key(m.name), { data: data.subarray(m.offset, m.offset + m.size), dims: m.dims }]));
  };
  const memberParams = () => views(NAMES.flatParams, (name) => name);
  const memberState = () => Object.assign({}, ...slots.map((slot) => views(NAMES.flatState(slot), (name) => NAMES.state(slot, name)))) as Record<string, Feed>;

  const copies = async (feeds: Iterable<[string, Feed]>) => {
    const out: Record<string, Float32Array> = {};
    for (const [name, feed] of feeds) out[name] = await hostValue(feed);
    return out;
  };
  /** One host tensor per flat input, the members' values at their offsets. */
  const pack = (value: (name: string) => Float32Array): Feed => {
    const data = new Float32Array(flat!.size);
    for (const m of flat!.members) data.set(value(m.name), m.offset);
    return { data, dims: [flat!.size] };
  };

  const training: TrainingState = {
    steps: 0,
    learningRate: optimizer.lr,
    stepOutputs,
    parameterFeeds: () => ({ ...Object.fromEntries(params), ...memberParams(), ...Object.fromEntries(statistics) }),
    stepFeeds: () => ({ ...Object.fromEntries(params), ...Object.fromEntries(statistics), ...Object.fromEntries(state), ...Object.fromEntries(flatFeeds) }),
    reset(values, stateValues) {
      for (const t of prepared.statistics) {
        dispose(statistics.get(t.name));
        statistics.set(t.name, { data: values(t.name), dims: t.dims });
      }
      for (const p of alone) {
        dispose(params.get(p.name));
        params.set(p.name, { data: values(p.name), dims: p.dims });
        for (const slot of slots) {
          const key = NAMES.state(slot, p.name);
          dispose(state.get(key));
          state.set(key, { data: stateValues?.(slot, p.name) ?? new Float32Array(numel(p.dims)), dims: p.dims });
        }
      }
      if (flat) {
        flatFeeds.set(NAMES.flatParams, pack(values));
        for (const slot of slots) flatFeeds.set(NAMES.flatState(slot), stateValues ? pack((name) => stateValues(slot, name)) : { data: new Float32Array(flat.size), dims: [flat.size] });
      }
    },
    advance(outputs) {
      for (const t of prepared.statistics) {
        dispose(statistics.get(t.name));
        statistics.set(t.name, outputs[NAMES.newStatistic(t.name)]!);
      }
      for (const p of alone) {
        dispose(params.get(p.name));
        params.set(p.name, shaped(outputs[NAMES.newParam(p.name)]!, p.dims));
        for (const slot of slots) {
          dispose(state.get(NAMES.state(slot, p.name)));
          state.set(NAMES.state(slot, p.name), shaped(outputs[NAMES.newState(slot, p.name)]!, p.dims));
        }
      }
      flatInputs.forEach((input, i) => flatFeeds.set(input, outputs[flatOutputs[i]!]!));
      // The step graph's parameter check has refused non-finite parameters already.
      return true;
    },
    hostParameters: () => copies([...params, ...Object.entries(memberParams())]),
    hostState: () => copies([...state, ...Object.entries(memberState())]),
    hostStatistics: () => copies(statistics),
    release() {
      for (const feed of [...params.values(), ...state.values(), ...statistics.values()]) dispose(feed);
      params.clear();
      state.clear();
      statistics.clear();
      flatFeeds.clear();
    },
  };
  return startingFromModel(training, prepared);
}

/** `data`, checked finite (`argument` names where it came from in the error). */
function finiteValues(argument: string, data: Float32Array): Float32Array {
  return checkTensor(argument, { data, dims: [data.length] }).data;
}

/**
 * `training` reset to the model's initializers, checked finite once here (the trainer's sessions
 * take the state's feeds unscanned), and zero state slots, as a fresh trainer starts. The
 * initializers are copied first unless `training` copies every value it keeps (`copiesValues`: the
 * host state, whose parameters live in its own memory; a copy of resnet18's 47 MB of parameters
 * into new memory takes about 30 ms here).
 */
export function startingFromModel(training: TrainingState, prepared: PreparedModel, copiesValues = false): TrainingState {
  const initial = new Map([...prepared.params, ...prepared.statistics].map((p) => [p.name, p.data as Float32Array]));
  const checked = (name: string) => finiteValues(`model initializer "${name}"`, initial.get(name)!);
  training.reset((name) => (copiesValues ? checked(name) : checked(name).slice()));
  return training;
}
