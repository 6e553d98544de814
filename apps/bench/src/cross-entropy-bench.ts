import { loadavg } from 'node:os';
import { crossEntropy } from '@losskit/loss-cross-entropy';
import { createLossSession } from '@losskit/runtime';
import { randomArray } from './loss-bench';
import type { Settings } from './settings';
import { type Agreement, type Ratios, checkAgreement, ratiosOf } from './peers';
import { type Contestant, type Timing, interleaved, summarize } from './stats';
import { tf, tfjsValueAndGrad, useBackend } from './tfjs';
import { type TorchInfo, startTorchCrossEntropy } from './torch';

/** The cross-entropy section: value and gradient of softmax cross-entropy with class indices. */
export interface CrossEntropySection {
  /** Logits `[N, C]`; the class indices are `[N]`. */
  readonly dims: readonly [number, number];
  readonly threads: number;
  /** When this section was measured, and the 1-minute load average then (it may be merged into another run's results). */
  readonly date: string;
  readonly loadAtStart: number;
  readonly torch?: TorchInfo;
  /** Each contestant's result on the same inputs, checked before any timing. */
  readonly agreement: Record<string, Agreement>;
  readonly timings: Record<string, Timing>;
  /** `peer / losskit` per peer, by medians and by fastest runs: above 1, losskit is faster. */
  readonly ratios: Ratios;
  /**
   * The same contestants timed alone after the interleaved rounds: each one's calls back to back
   * (its own warm-up, no garbage collection between calls; PyTorch's in one Python loop), what
   * each costs in a loop that calls nothing else, and the ratios.
   */
  readonly alone: { readonly timings: Record<string, Timing>; readonly ratios: Ratios };
  readonly skipped: Record<string, string>;
}

/** TF.js's softmax cross-entropy of `logits` against one-hot `labels`, its default (mean) reduction. */
const softmaxCrossEntropy = (logits: tf.Tensor, labels: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;

/**
 * Softmax cross-entropy of float32 logits `[N, C]` against int32 class indices, mean reduction,
 * value and d loss / d logits, interleaved: losskit's `crossEntropy()` through a reused loss
 * session, tfjs-backend-wasm's `tf.losses.softmaxCrossEntropy` on one-hot labels (TF.js has no
 * sparse form) under `tf.valueAndGrad`, and PyTorch's CPU `F.cross_entropy` forward and backward
 * (timed inside Python). All three must agree on the loss and the gradient before any timing.
 */
export async function benchCrossEntropy(settings: Settings, log: (line: string) => void): Promise<CrossEntropySection> {
  const date = new Date().toISOString();
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const [n, c] = settings.crossEntropyDims;
  // Logits spread over [-8, 8); labels uniform over the classes.
  const logits = { data: randomArray(n * c, 3, 16, -8), dims: [n, c] };
  const labels = Int32Array.from(randomArray(n, 4), (u) => Math.floor(u * c));
  const oneHot = { data: new Float32Array(n * c), dims: [n, c] };
  labels.forEach((y, i) => (oneHot.data[i * c + y] = 1));

  const session = await createLossSession(crossEntropy(), { reduction: 'mean', gradient: true, provider: settings.provider, session: settings.sessionOptions });
  const losskitRun = async () => {
    const result = await session.run({ prediction: logits, target: { data: labels, dims: [n] } });
    return { loss: result.loss[0]!, gradient: result.gradient! };
  };
  const tfjsRun = () => {
    const { value, gradient } = tfjsValueAndGrad(softmaxCrossEntropy, logits, oneHot);
    return { loss: value, gradient };
  };
  const torch = await startTorchCrossEntropy(logits, labels, settings.threads);
  const skipped: Record<string, string> = {};
  try {
    // The same inputs through every contestant, untimed: a port that computes something else fails here.
    log('  agreement on the loss and its gradient');
    const reference = await losskitRun();
    const results: Record<string, { loss: number; gradient: Float32Array }> = {};
    await useBackend('wasm');
    results['tfjs-wasm'] = tfjsRun();
    if ('check' in torch) results.pytorch = await torch.check();
    else skipped.pytorch = torch.reason;
    const agreements = checkAgreement('cross-entropy', reference, results);

    const contestants: Contestant[] = [
      { name: 'losskit', run: losskitRun },
      { name: 'tfjs-wasm', prepare: () => useBackend('wasm'), run: tfjsRun },
    ];
    if ('run' in torch) contestants.push({ name: 'pytorch', run: async () => ({ elapsedMs: (await torch.run()).ms }) });
    log(`  timing ${contestants.map((x) => x.name).join(', ')}, interleaved, then each alone`);
    const repeats = { warmup: 2, repeats: settings.repeats, budgetMs: settings.budgetMs, collectGarbage: true };
    const timings = Object.fromEntries(await interleaved(contestants, repeats));
    // Interleaving spreads other processes' load over every contestant alike, but it also makes
    // each call follow the others' work: tfjs's 16 MB arrays change what losskit's next 16 MB
    // output costs, and PyTorch's threads have gone to sleep. Alone: each contestant's calls back
    // to back with no collection between them, PyTorch's in one Python loop (no pipe between).
    const alone: Record<string, Timing> = {};
    const once = { ...repeats, collectGarbage: false };
    for (const contestant of contestants.filter((x) => x.name !== 'pytorch')) alone[contestant.name] = (await interleaved([contestant], once)).get(contestant.name)!;
    if ('runs' in torch) alone.pytorch = summarize((await torch.runs(once.warmup + once.repeats)).slice(once.warmup));
    return {
      dims: [n, c],
      threads: settings.threads,
      date,
      loadAtStart,
      ...('info' in torch ? { torch: torch.info } : {}),
      agreement: agreements,
      timings,
      ratios: ratiosOf(timings),
      alone: { timings: alone, ratios: ratiosOf(alone) },
      skipped,
    };
  } finally {
    await session.release();
    if ('close' in torch) await torch.close();
  }
}
