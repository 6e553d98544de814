import { loadavg } from 'node:os';
import { gaussianWindow, ssim } from '@losskit/loss-ssim';
import { createLossSession } from '@losskit/runtime';
import { randomArray } from './loss-bench';
import { type Agreement, type Ratios, type ValueAndGradient, checkAgreement, ratiosOf } from './peers';
import type { Settings } from './settings';
import { type Contestant, type Timing, interleaved } from './stats';
import { tf, tfjsValueAndGrad, useBackend } from './tfjs';

/** The SSIM section: `1 - SSIM` and its gradient on a batch of images. */
export interface SsimSection {
  /** Prediction and target `[N, C, H, W]`. */
  readonly dims: readonly [number, number, number, number];
  readonly windowSize: number;
  readonly threads: number;
  /** When this section was measured, and the 1-minute load average then. */
  readonly date: string;
  readonly loadAtStart: number;
  /** Each contestant's result on the same inputs, checked before any timing. */
  readonly agreement: Record<string, Agreement>;
  readonly timings: Record<string, Timing>;
  readonly ratios: Ratios;
  /** Each contestant's calls back to back after the interleaved rounds, and those ratios. */
  readonly alone: { readonly timings: Record<string, Timing>; readonly ratios: Ratios };
}

/** `ssim()`'s defaults, which both contestants use. */
const WINDOW = { size: 11, sigma: 1.5, c1: 0.01 ** 2, c2: 0.03 ** 2 } as const;

/**
 * SSIM as a TensorFlow.js user writes it for a backend without depthwise-convolution gradients
 * (tfjs-backend-wasm has none): every channel of every image as one single-channel NHWC image,
 * the five maps (x, y, x², y², xy) stacked along the batch so that one separable pair of 'valid'
 * Gaussian convolutions filters them all, then Wang et al.'s formula and `1 - mean`. The same
 * definition as `ssim()`: population variances, C1 = (0.01 L)², C2 = (0.03 L)², L = 1.
 */
export function tfjsSsimLoss(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  const [n, c, h, w] = prediction.shape as [number, number, number, number];
  const window = Float32Array.from(gaussianWindow(WINDOW.size, WINDOW.sigma));
  const x = prediction.reshape([n * c, h, w, 1]);
  const y = target.reshape([n * c, h, w, 1]);
  const maps = tf.concat([x, y, x.square(), y.square(), x.mul(y)], 0) as tf.Tensor4D;
  const across = tf.conv2d(maps, tf.tensor4d(window, [1, WINDOW.size, 1, 1]), 1, 'valid');
  const filtered = tf.conv2d(across, tf.tensor4d(window, [WINDOW.size, 1, 1, 1]), 1, 'valid');
  const [mx, my, exx, eyy, exy] = tf.split(filtered, 5, 0) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const mxy = mx.mul(my);
  const mx2 = mx.square();
  const my2 = my.square();
  const luminance = mxy.mul(2).add(WINDOW.c1).div(mx2.add(my2).add(WINDOW.c1));
  const structure = exy.sub(mxy).mul(2).add(WINDOW.c2).div(exx.sub(mx2).add(eyy.sub(my2)).add(WINDOW.c2));
  // The mean of 1 - SSIM per image plane, then over the planes: 1 - mean(SSIM) in one float32
  // sum over a million values near 1 loses several percent of the (small) loss to rounding.
  return tf.scalar(1).sub(luminance.mul(structure)).reshape([n * c, -1]).mean(1).mean() as tf.Scalar;
}

/**
 * `1 - SSIM` (11×11 Gaussian window, σ 1.5, mean over the valid positions) of float32 images
 * `[N, C, H, W]`, value and d loss / d prediction, interleaved: losskit's `ssim()` through a
 * reused loss session, and the same SSIM written with TensorFlow.js ops under
 * `tf.valueAndGrad` on tfjs-backend-wasm. Both must agree before any timing.
 */
export async function benchSsim(settings: Settings, log: (line: string) => void): Promise<SsimSection> {
  const date = new Date().toISOString();
  const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const dims = settings.ssimDims;
  const size = dims.reduce((a, b) => a * b, 1);
  // A target in [0, 1) and a prediction that resembles it: 0.8 target + 0.2 noise.
  const target = { data: randomArray(size, 5), dims };
  const noise = randomArray(size, 6);
  const prediction = { data: target.data.map((t, i) => 0.8 * t + 0.2 * noise[i]!), dims };

  const session = await createLossSession(ssim(), { reduction: 'mean', gradient: true, provider: settings.provider, session: settings.sessionOptions });
  const losskitRun = async (): Promise<ValueAndGradient> => {
    const result = await session.run({ prediction, target });
    return { loss: result.loss[0]!, gradient: result.gradient! };
  };
  const tfjsRun = (): ValueAndGradient => {
    const { value, gradient } = tfjsValueAndGrad(tfjsSsimLoss, prediction, target);
    return { loss: value, gradient };
  };
  try {
    log('  agreement on the loss and its gradient');
    const reference = await losskitRun();
    await useBackend('wasm');
    const agreement = checkAgreement('ssim', reference, { 'tfjs-wasm': tfjsRun() });

    const contestants: Contestant[] = [
      { name: 'losskit', run: losskitRun },
      { name: 'tfjs-wasm', prepare: () => useBackend('wasm'), run: tfjsRun },
    ];
    log(`  timing ${contestants.map((x) => x.name).join(', ')}, interleaved, then each alone`);
    const repeats = { warmup: 2, repeats: settings.repeats, budgetMs: settings.budgetMs, collectGarbage: true };
    const timings = Object.fromEntries(await interleaved(contestants, repeats));
    const alone: Record<string, Timing> = {};
    for (const contestant of contestants) alone[contestant.name] = (await interleaved([contestant], { ...repeats, collectGarbage: false })).get(contestant.name)!;
    return {
      dims,
      windowSize: WINDOW.size,
      threads: settings.threads,
      date,
      loadAtStart,
      agreement,
      timings,
      ratios: ratiosOf(timings),
      alone: { timings: alone, ratios: ratiosOf(alone) },
    };
  } finally {
    await session.release();
  }
}
