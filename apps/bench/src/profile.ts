import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LossPlugin } from '@losskit/core';
import type { HostTensor, Model } from '@losskit/graph';
import { NAMES, type Optimizer, compileTrainingStep, prepareModel, trainerCompileOptions } from '@losskit/train';
import { providerCapabilities } from '@losskit/runtime';
import * as ort from 'onnxruntime-node';
import { advanceStepFeeds, initialStepFeeds } from './step-feeds';

/** Where a training step's time goes, from ONNX Runtime's own profiler. */
export interface StepProfile {
  readonly steps: number;
  readonly nodes: number;
  /** Kernel time per operator type, largest first, in ms per step and % of all kernel time. */
  readonly byOp: readonly { readonly op: string; readonly nodes: number; readonly ms: number; readonly percent: number }[];
  /** The most expensive nodes. */
  readonly topNodes: readonly { readonly node: string; readonly op: string; readonly ms: number; readonly percent: number }[];
}

interface TraceEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string };
}

/**
 * Profiles `steps` runs of the compiled step graph on onnxruntime-node's CPU provider (the same
 * graph and session settings the trainer uses, with ONNX Runtime's profiler on).
 */
export async function profileStep(
  model: Model,
  loss: LossPlugin<unknown>,
  optimizer: Optimizer,
  batch: HostTensor,
  threads: number,
  steps = 10,
): Promise<StepProfile> {
  const prepared = prepareModel(model);
  const { trainingStepOptimization } = providerCapabilities('cpu');
  const compiled = compileTrainingStep(prepared, loss, 'mean', optimizer, batch.dims, trainerCompileOptions('cpu'));
  const session = await ort.InferenceSession.create(compiled.bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    graphOptimizationLevel: trainingStepOptimization,
    extra: { session: { 'session.intra_op.allow_spinning': '0' } },
    enableProfiling: true,
    profileFilePrefix: join(tmpdir(), `losskit-bench-profile-${process.pid}`),
    logSeverityLevel: 3,
  });
  const feeds: Record<string, ort.Tensor> = {
    [prepared.input.name]: new ort.Tensor('float32', batch.data, batch.dims),
    [NAMES.target]: new ort.Tensor('float32', batch.data, batch.dims),
    [NAMES.lr]: new ort.Tensor('float32', Float32Array.of(optimizer.lr), []),
  };
  const tensor = (feed: HostTensor | ort.Tensor) => ('location' in feed ? feed : new ort.Tensor('float32', feed.data as Float32Array, feed.dims));
  const state = initialStepFeeds(prepared, optimizer, compiled);
  for (let s = 1; s <= steps; s++) {
    feeds[NAMES.step] = new ort.Tensor('float32', Float32Array.of(s), []);
    for (const [name, feed] of Object.entries(state)) feeds[name] = tensor(feed);
    advanceStepFeeds(state, await session.run(feeds), prepared, optimizer, compiled);
  }
  // onnxruntime-node writes the trace when profiling ends and returns nothing; find the file.
  (session as unknown as { endProfiling(): void }).endProfiling();
  await session.release();
  const { readdir } = await import('node:fs/promises');
  const prefix = `losskit-bench-profile-${process.pid}`;
  const file = (await readdir(tmpdir())).find((f) => f.startsWith(prefix));
  if (!file) throw new Error('ONNX Runtime wrote no profile');
  const path = join(tmpdir(), file);
  const events = JSON.parse(await readFile(path, 'utf8')) as TraceEvent[];
  await rm(path, { force: true });
  const kernels = events.filter((e) => e.cat === 'Node' && e.name?.endsWith('_kernel_time') && e.dur !== undefined);
  const total = kernels.reduce((t, e) => t + e.dur!, 0);
  const sum = (map: Map<string, { op: string; nodes: Set<string>; us: number }>, key: string, e: TraceEvent) => {
    const entry = map.get(key) ?? { op: e.args?.op_name ?? '?', nodes: new Set<string>(), us: 0 };
    entry.us += e.dur!;
    entry.nodes.add(e.name!);
    map.set(key, entry);
  };
  const ops = new Map<string, { op: string; nodes: Set<string>; us: number }>();
  const nodes = new Map<string, { op: string; nodes: Set<string>; us: number }>();
  for (const e of kernels) {
    sum(ops, e.args?.op_name ?? '?', e);
    sum(nodes, e.name!.replace(/_kernel_time$/, ''), e);
  }
  const perStep = (us: number) => us / 1000 / steps;
  const percent = (us: number) => (100 * us) / total;
  return {
    steps,
    nodes: nodes.size,
    byOp: [...ops.values()].toSorted((a, b) => b.us - a.us).map((o) => ({ op: o.op, nodes: o.nodes.size, ms: perStep(o.us), percent: percent(o.us) })),
    topNodes: [...nodes.entries()]
      .toSorted((a, b) => b[1].us - a[1].us)
      .slice(0, 8)
      .map(([node, o]) => ({ node, op: o.op, ms: perStep(o.us), percent: percent(o.us) })),
  };
}
