import { type OptionSpec, option, resolveOptions } from '@losskit/core';
import type { InferenceSession } from 'onnxruntime-common';
import { providerCapabilities } from './capabilities';
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

type Optional<T> = OptionSpec<T | undefined>;

/** The schema of {@link SessionTuning}; unset options keep ONNX Runtime's defaults listed above. */
export const SESSION_TUNING_OPTIONS: {
  readonly intraOpThreads: Optional<number>;
  readonly spinning: Optional<boolean>;
  readonly memoryPattern: Optional<boolean>;
  readonly cpuArena: Optional<boolean>;
  readonly graphOptimization: Optional<'disabled' | 'basic' | 'extended' | 'all'>;
} = {
  intraOpThreads: option.optional(option.number({ description: 'Threads one operator may use (0: one per core).', default: 0, min: 0, integer: true })),
  spinning: option.optional(option.boolean({ description: 'Whether idle pool threads spin waiting for work.', default: false })),
  memoryPattern: option.optional(option.boolean({ description: 'Reuse a memory plan across runs of the same shapes.', default: true })),
  cpuArena: option.optional(option.boolean({ description: "Allocate CPU memory from ONNX Runtime's arena.", default: true })),
  graphOptimization: option.optional(
    option.oneOf({ description: 'Graph optimisations ONNX Runtime applies.', values: ['disabled', 'basic', 'extended', 'all'] as const, default: 'all' }),
  ),
};

/** Checks session tuning options, throwing `InvalidOptionError` naming the bad one (`session.spinning`). */
export function checkSessionTuning(tuning: unknown): SessionTuning {
  return resolveOptions('session', SESSION_TUNING_OPTIONS, tuning);
}

/** ONNX Runtime session options for a tuning on a provider. */
export function tuningOptions(provider: ProviderName, tuning: SessionTuning): InferenceSession.SessionOptions & { extra: { session: Record<string, string> } } {
  const threaded = providerCapabilities(provider).threadPool;
  return {
    ...(threaded && tuning.intraOpThreads ? { intraOpNumThreads: tuning.intraOpThreads } : {}),
    enableMemPattern: tuning.memoryPattern ?? true,
    enableCpuMemArena: tuning.cpuArena ?? true,
    graphOptimizationLevel: tuning.graphOptimization ?? 'all',
    extra: { session: threaded ? { 'session.intra_op.allow_spinning': tuning.spinning ? '1' : '0' } : {} },
  };
}
