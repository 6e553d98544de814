import { numel } from '@losskit/graph';
import type { RuntimeTensor } from '@losskit/runtime';
import { type AdamKernel, HOST_ADAM_MAX_BYTES, type HostAdam, createHostAdam, hostAdamBytes } from './host-adam';
import type { PreparedModel } from './model';
import { NAMES } from './names';
import type { Optimizer } from './optimizers';
import type { FlatLayout } from './step-update';
import { type Feed, type TrainingState, startingFromModel } from './trainer-state';

/** Host copies of values by name (what `parameters()` and checkpoints get, never the live memory). */
function copies(entries: Iterable<readonly [string, Float32Array]>): Record<string, Float32Array> {
  return Object.fromEntries([...entries].map(([name, data]) => [name, Float32Array.from(data)]));
}

/** One tensor the host update owns: a parameter updated alone, or the flat update's tensor. */
interface Owned {
  /** The step graph's input (the parameter's name, or `losskit/flat/params`). */
  readonly input: string;
  /** The step graph's gradient output for it (`NAMES.newParam` / `NAMES.newFlatParams`). */
  readonly gradient: string;
  readonly dims: readonly number[];
}

/**
 * The state of a trainer whose step graph returns gradients and whose Adam update runs in place on
 * the host (`createHostAdam`): parameters and both slots live in one WebAssembly memory, the
 * parameters are fed to ONNX Runtime as views of it, and a step hands back only the gradients (and
 * running statistics). onnxruntime-node copies every output into a new buffer, which the garbage
 * collector then frees: returning the new parameters and both slots took a fifth to two fifths of
 * a torchvision model's step at batch 4; what the host update gains is in `hostOptimizer`'s
 * description (capabilities.ts of @losskit/runtime). `undefined` when the parameters, gradients
 * and slots would not fit {@link HOST_ADAM_MAX_BYTES}.
 */
export function createHostTrainingState(
  prepared: PreparedModel,
  optimizer: Optimizer & { readonly adamKernel: AdamKernel },
  flat: FlatLayout | undefined,
): TrainingState | undefined {
  const members = new Set(flat?.members.map((m) => m.name) ?? []);
  const alone = prepared.params.filter((p) => !members.has(p.name));
  const owned: Owned[] = [
    ...alone.map((p) => ({ input: p.name, gradient: NAMES.newParam(p.name), dims: p.dims })),
    ...(flat ? [{ input: NAMES.flatParams, gradient: NAMES.newFlatParams, dims: [flat.size] }] : []),
  ];
  const sizes = owned.map((o) => numel(o.dims));
  // One WebAssembly memory holds them all: past its limit, the graph keeps the update.
  if (hostAdamBytes(sizes) > HOST_ADAM_MAX_BYTES) return undefined;
  const adam: HostAdam = createHostAdam(sizes, optimizer.adamKernel);
  const [mSlot, vSlot] = optimizer.stateSlots as [string, string];
  const statistics = new Map<string, Feed>();
  const stepOutputs = [...owned.map((o) => o.gradient), ...prepared.statistics.map((t) => NAMES.newStatistic(t.name))];

  // The memory never grows, so every view below stays valid for the trainer's lifetime.
  const tensor = (i: number) => adam.tensors[i]!;
  /** A value per parameter for tensor arrays `pick`: whole for parameters alone, the flat tensor's members as views. */
  const byName = (pick: (i: number) => Float32Array): [string, Float32Array, readonly number[]][] => [
    ...alone.map((p, i): [string, Float32Array, readonly number[]] => [p.name, pick(i), p.dims]),
    ...(flat?.members ?? []).map((m): [string, Float32Array, readonly number[]] => [m.name, pick(alone.length).subarray(m.offset, m.offset + m.size), m.dims]),
  ];
  const params = byName((i) => tensor(i).param);
  const slots = [byName((i) => tensor(i).slots[0]), byName((i) => tensor(i).slots[1])] as const;
  const inputFeeds: Record<string, Feed> = Object.fromEntries(owned.map((o, i) => [o.input, { data: tensor(i).param, dims: o.dims }]));
  const parameterFeeds: Record<string, Feed> = Object.fromEntries(params.map(([name, data, dims]) => [name, { data, dims }]));

  const training: TrainingState = {
    steps: 0,
    learningRate: optimizer.lr,
    stepOutputs,
    parameterFeeds: () => ({ ...parameterFeeds, ...Object.fromEntries(statistics) }),
    stepFeeds: () => ({ ...inputFeeds, ...Object.fromEntries(statistics) }),
    reset(values, stateValues) {
      // Every value is copied (`startingFromModel` passes the model's own arrays).
      for (const t of prepared.statistics) statistics.set(t.name, { data: values(t.name).slice(), dims: t.dims });
      for (const [name, view] of params) view.set(values(name));
      for (const [slot, views] of [[mSlot, slots[0]], [vSlot, slots[1]]] as const) {
        for (const [name, view] of views) {
          if (stateValues) view.set(stateValues(slot, name));
          else view.fill(0);
        }
      }
      adam.parametersChanged();
    },
    advance(outputs: Readonly<Record<string, RuntimeTensor>>, step: number) {
      owned.forEach((o, i) => tensor(i).grad.set(outputs[o.gradient]!.data as Float32Array));
      if (!adam.update(step, training.learningRate)) return false;
      for (const t of prepared.statistics) statistics.set(t.name, outputs[NAMES.newStatistic(t.name)]!);
      return true;
    },
    hostParameters: async () => copies(params.map(([name, data]) => [name, data])),
    hostState: async () => copies([...slots[0].map(([name, data]) => [NAMES.state(mSlot, name), data] as const), ...slots[1].map(([name, data]) => [NAMES.state(vSlot, name), data] as const)]),
    hostStatistics: async () => copies([...statistics].map(([name, feed]) => [name, feed.data as Float32Array] as const)),
    release() {
      statistics.clear();
    },
  };
  return startingFromModel(training, prepared, true);
}
