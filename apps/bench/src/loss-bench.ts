import { numel } from '@losskit/core';
import * as runtime from '@losskit/runtime';
import { type Bandwidth, floorMs } from './bandwidth';
import { type LossName, jsLoss } from './js-losses';
import { losskitPlugin, lossDims, tfjsLoss } from './losses';
import { type Contestant, type Timing, interleaved } from './stats';
import { tfjsValueAndGrad, useBackend } from './tfjs';
import type { Settings } from './settings';

/** One loss at one size: every contestant's timing, in ms. */
export interface LossResult {
  readonly loss: LossName;
  readonly log2: number;
  readonly elements: number;
  readonly dims: readonly number[];
  readonly floorMs: number;
  readonly timings: Record<string, Timing>;
  /** Contestants that did not run, with the reason. */
  readonly skipped: Record<string, string>;
}

/** `n` values uniform in `[offset, offset + scale)` from a xorshift32 stream seeded by `seed`. */
export function randomArray(n: number, seed: number, scale = 1, offset = 0): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = offset + scale * ((s >>> 0) / 4294967296);
  }
  return out;
}

type ComputeLoss = (plugin: unknown, inputs: unknown, options?: unknown) => Promise<unknown>;

/** Measures one loss at one size, every contestant interleaved with the others. */
export async function benchLoss(name: LossName, log2: number, bandwidth: Bandwidth, settings: Settings): Promise<LossResult> {
  const dims = lossDims(name, log2);
  const n = numel(dims);
  // Logits for bce spread over [-4, 4]; probabilities-like values elsewhere.
  const prediction = { data: name === 'bce' ? randomArray(n, 1, 8, -4) : randomArray(n, 1), dims };
  const target = { data: randomArray(n, 2), dims };
  const plugin = losskitPlugin(name);
  const session = await runtime.createLossSession(plugin, {
    reduction: 'mean',
    gradient: true,
    provider: settings.provider,
    session: settings.sessionOptions,
  });
  const contestants: Contestant[] = [{ name: 'losskit', run: () => session.run({ prediction, target }) }];
  const skipped: Record<string, string> = {};

  // The one-call API, where this version of @losskit/runtime has it.
  const computeLoss = (runtime as unknown as { computeLoss?: ComputeLoss }).computeLoss;
  if (computeLoss) {
    contestants.push({
      name: 'losskit computeLoss',
      run: () => computeLoss(plugin, { prediction, target }, { gradient: true, provider: settings.provider }),
    });
  } else skipped['losskit computeLoss'] = 'computeLoss is not exported by this version of @losskit/runtime';

  const grad = new Float32Array(n);
  const plane = dims.length === 4 ? dims[2]! * dims[3]! : 0;
  contestants.push({ name: 'js loop', run: () => jsLoss(name, prediction.data, target.data, grad, plane) });

  const lossFn = tfjsLoss(name);
  const tfjsRun = () => tfjsValueAndGrad(lossFn, prediction, target);
  for (const backend of ['wasm', 'cpu'] as const) {
    if (backend === 'cpu' && log2 > settings.tfjsCpuMaxLog2) {
      skipped['tfjs-cpu'] = `left out above 2^${settings.tfjsCpuMaxLog2} elements (seconds per call)`;
      continue;
    }
    contestants.push({ name: `tfjs-${backend}`, prepare: () => useBackend(backend), run: tfjsRun });
  }

  // Large sizes take long per call: fewer repeats, bounded by a time budget.
  const repeats = log2 >= 24 ? settings.repeatsLarge : settings.repeats;
  // Two warm-up rounds: at 2^24 ONNX Runtime's arena still grows on the second call.
  const timings = await interleaved(contestants, { warmup: 2, repeats, budgetMs: settings.budgetMs, collectGarbage: true });
  await session.release();
  return { loss: name, log2, elements: n, dims, floorMs: floorMs(bandwidth, n), timings: Object.fromEntries(timings), skipped };
}
