import { InvalidOptionError, describeValue } from '@losskit/graph';
import type { InferenceSession } from 'onnxruntime-common';
import type { ProviderName } from './types';

/**
 * How ONNX Runtime runs a session's graph. The defaults were chosen with `pnpm bench` (see
 * BENCHMARKS.md) to be robust on a busy machine: a thread pool that spins while it waits for work
 * takes CPU from everything else, and on a shared 2-core machine it doubled training-step times.
 */
export interface SessionTuning {
  /**
   * Threads one operator may use (`intraOpNumThreads`; cpu and cuda providers). Default 0: ONNX
   * Runtime's choice, one per physical core.
   */
  readonly intraOpThreads?: number;
  /** Whether idle pool threads spin waiting for work (lower latency, but busy CPUs). Default false. */
  readonly spinning?: boolean;
  /** Reuse a memory plan across runs of the same shapes (`enableMemPattern`). Default true. */
  readonly memoryPattern?: boolean;
  /** Allocate CPU memory from ONNX Runtime's arena (`enableCpuMemArena`). Default true. */
  readonly cpuArena?: boolean;
  /** Graph optimisations ONNX Runtime applies when it loads the graph. Default `'all'`. */
  readonly graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

const KNOWN = ['intraOpThreads', 'spinning', 'memoryPattern', 'cpuArena', 'graphOptimization'];
const LEVELS = ['disabled', 'basic', 'extended', 'all'];

function checkBoolean(key: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new InvalidOptionError(`session.${key}`, 'true or false', describeValue(value));
}

/** Checks session tuning options, throwing `InvalidOptionError` naming the bad one. */
export function checkSessionTuning(tuning: unknown): SessionTuning {
  if (tuning === undefined) return {};
  if (typeof tuning !== 'object' || tuning === null || Array.isArray(tuning)) {
    throw new InvalidOptionError('session', 'an object { intraOpThreads, spinning, memoryPattern, cpuArena, graphOptimization }', describeValue(tuning));
  }
  for (const key of Object.keys(tuning)) {
    if (!KNOWN.includes(key)) throw new InvalidOptionError(`session.${key}`, `a known option (one of ${KNOWN.join(', ')})`, `unknown option "${key}"`);
  }
  const t = tuning as SessionTuning;
  if (t.intraOpThreads !== undefined && (!Number.isInteger(t.intraOpThreads) || t.intraOpThreads < 0)) {
    throw new InvalidOptionError('session.intraOpThreads', 'an integer >= 0 (0: one per core)', describeValue(t.intraOpThreads));
  }
  checkBoolean('spinning', t.spinning);
  checkBoolean('memoryPattern', t.memoryPattern);
  checkBoolean('cpuArena', t.cpuArena);
  if (t.graphOptimization !== undefined && !LEVELS.includes(t.graphOptimization)) {
    throw new InvalidOptionError('session.graphOptimization', `one of ${LEVELS.map((l) => `"${l}"`).join(', ')}`, describeValue(t.graphOptimization));
  }
  return t;
}

/** ONNX Runtime session options for a tuning on a provider. */
export function tuningOptions(provider: ProviderName, tuning: SessionTuning): InferenceSession.SessionOptions & { extra: { session: Record<string, string> } } {
  const threaded = provider === 'cpu' || provider === 'cuda';
  return {
    ...(threaded && tuning.intraOpThreads ? { intraOpNumThreads: tuning.intraOpThreads } : {}),
    enableMemPattern: tuning.memoryPattern ?? true,
    enableCpuMemArena: tuning.cpuArena ?? true,
    graphOptimizationLevel: tuning.graphOptimization ?? 'all',
    extra: { session: threaded ? { 'session.intra_op.allow_spinning': tuning.spinning ? '1' : '0' } : {} },
  };
}
