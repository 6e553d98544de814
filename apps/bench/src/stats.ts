/** Summary statistics of repeated timings, in milliseconds. */
export interface Timing {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Number of timed repeats. */
  readonly n: number;
}

/** Min, median and max of `samples` (which must not be empty). */
export function summarize(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const sorted = samples.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, n: sorted.length };
}

/** One contestant of an interleaved measurement: `run` does the timed work once. */
export interface Contestant {
  readonly name: string;
  /** Untimed work before each run (e.g. switching the tfjs backend). */
  readonly prepare?: () => unknown;
  /**
   * The timed work. It may resolve with `{ elapsedMs }` measured where the work ran (e.g. inside a
   * subprocess), which then replaces the wall time around the call.
   */
  readonly run: () => unknown;
}

function reportedMs(result: unknown): number | undefined {
  if (typeof result !== 'object' || result === null || !('elapsedMs' in result)) return undefined;
  const ms = (result as { elapsedMs: unknown }).elapsedMs;
  return typeof ms === 'number' ? ms : undefined;
}

/** How many times each contestant runs untimed and timed. */
export interface Repeats {
  readonly warmup: number;
  readonly repeats: number;
  /** Stop adding rounds once one contestant has used this much time (ms). Default: no limit. */
  readonly budgetMs?: number;
  /**
   * Idle time before each timed run (ms), outside the timing. A thread pool that spins (ONNX
   * Runtime with spinning on, PyTorch's OpenMP) keeps burning the cores for a while after its
   * run; without a pause that time is charged to whichever contestant runs next. Default 0.
   */
  readonly settleMs?: number;
  /**
   * Run a full garbage collection before each timed run, outside the timing, where the process
   * exposes `gc` (`node --expose-gc`, as `pnpm bench` runs): a contestant that returns 64 MB
   * arrays otherwise has its garbage collected during whichever run comes next. Default false.
   */
  readonly collectGarbage?: boolean;
}

/**
 * Times contestants interleaved — round r runs every contestant once, in an order rotated by r —
 * so that load from other processes on a shared machine hits all of them alike; their ratios are
 * then meaningful even when absolute times are not.
 */
export async function interleaved(contestants: readonly Contestant[], repeats: Repeats): Promise<Map<string, Timing>> {
  for (let w = 0; w < repeats.warmup; w++) {
    for (const c of contestants) {
      await c.prepare?.();
      await c.run();
    }
  }
  const samples = new Map<string, number[]>(contestants.map((c) => [c.name, []]));
  const spent = new Map<string, number>(contestants.map((c) => [c.name, 0]));
  for (let r = 0; r < repeats.repeats; r++) {
    for (let k = 0; k < contestants.length; k++) {
      const c = contestants[(k + r) % contestants.length]!;
      await c.prepare?.();
      if (repeats.collectGarbage) (globalThis as { gc?: () => void }).gc?.();
      if (repeats.settleMs) await new Promise((resolve) => setTimeout(resolve, repeats.settleMs));
      const start = performance.now();
      const result = await c.run();
      const ms = reportedMs(result) ?? performance.now() - start;
      samples.get(c.name)!.push(ms);
      spent.set(c.name, spent.get(c.name)! + ms);
    }
    // At least 3 rounds, so that min and median mean something.
    if (r >= 2 && repeats.budgetMs !== undefined && Math.max(...spent.values()) > repeats.budgetMs) break;
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s)]));
}

/** `a / b` of medians: how many times faster `b` is than `a` when above 1. */
export function ratio(a: Timing | undefined, b: Timing | undefined): number | undefined {
  return a && b && b.median > 0 ? a.median / b.median : undefined;
}
