import type { HostTensor } from '@losskit/graph';
import type { RuntimeTensor } from '@losskit/runtime';
import { NAMES, type Optimizer, type PreparedModel, type compileTrainingStep } from '@losskit/train';

type Compiled = ReturnType<typeof compileTrainingStep>;
type Feed = HostTensor | RuntimeTensor;

/**
 * The parameter, optimizer-state and running-statistic feeds of a compiled step's first run, as
 * a trainer keeps them: the model's initial values, zero state, and (with `hostViews`) the flat
 * update's members back to back in one tensor each.
 */
export function initialStepFeeds(prepared: PreparedModel, optimizer: Optimizer, compiled: Compiled): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  const members = new Set(compiled.flat?.members.map((m) => m.name) ?? []);
  for (const p of prepared.params) {
    if (members.has(p.name)) continue;
    feeds[p.name] = { data: Float32Array.from(p.data as Float32Array), dims: p.dims };
    for (const slot of optimizer.stateSlots) feeds[NAMES.state(slot, p.name)] = { data: new Float32Array(p.data.length), dims: p.dims };
  }
  if (compiled.flat) {
    const data = new Float32Array(compiled.flat.size);
    for (const m of compiled.flat.members) data.set(prepared.params.find((p) => p.name === m.name)!.data as Float32Array, m.offset);
    feeds[NAMES.flatParams] = { data, dims: [compiled.flat.size] };
    for (const slot of optimizer.stateSlots) feeds[NAMES.flatState(slot)] = { data: new Float32Array(compiled.flat.size), dims: [compiled.flat.size] };
  }
  for (const s of prepared.statistics) feeds[s.name] = { data: Float32Array.from(s.data as Float32Array), dims: s.dims };
  return feeds;
}

/** Feeds a step's outputs back as the next step's parameters, state and running statistics. */
export function advanceStepFeeds(feeds: Record<string, Feed>, out: Readonly<Record<string, RuntimeTensor>>, prepared: PreparedModel, optimizer: Optimizer, compiled: Compiled): void {
  const members = new Set(compiled.flat?.members.map((m) => m.name) ?? []);
  for (const p of prepared.params) {
    if (members.has(p.name)) continue;
    // Host outputs of parameters updated alone come back 1-D (hostViews); a reshape is a view.
    const shaped = (t: RuntimeTensor) => (t.location === 'cpu' ? t.reshape(p.dims) : t);
    feeds[p.name] = shaped(out[NAMES.newParam(p.name)]!);
    for (const slot of optimizer.stateSlots) feeds[NAMES.state(slot, p.name)] = shaped(out[NAMES.newState(slot, p.name)]!);
  }
  if (compiled.flat) {
    feeds[NAMES.flatParams] = out[NAMES.newFlatParams]!;
    for (const slot of optimizer.stateSlots) feeds[NAMES.flatState(slot)] = out[NAMES.newFlatState(slot)]!;
  }
  for (const s of prepared.statistics) feeds[s.name] = out[NAMES.newStatistic(s.name)]!;
}
