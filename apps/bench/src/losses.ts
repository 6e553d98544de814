import { bce } from '@losskit/loss-bce';
import { l1 } from '@losskit/loss-l1';
import { luma } from '@losskit/loss-luma';
import { mse } from '@losskit/loss-mse';
import { LUMA_STANDARDS, type LossPlugin } from '@losskit/core';
import type { LossName } from './js-losses';
import { tf } from './tfjs';

/** The losskit plugin benchmarked under each name (bce on logits). */
export function losskitPlugin(name: LossName): LossPlugin<unknown> {
  if (name === 'l1') return l1();
  if (name === 'mse') return mse();
  if (name === 'bce') return bce({ fromLogits: true });
  return luma();
}

/** Dims of about `elements` values: flat for elementwise losses, NCHW with 3 channels for luma. */
export function lossDims(name: LossName, log2: number): number[] {
  if (name !== 'luma') return [1, 2 ** log2];
  const w = 2 ** Math.ceil(log2 / 2);
  return [1, 3, Math.round(2 ** log2 / 3 / w), w];
}

/** The same loss in TensorFlow.js: `tf.losses` where it has one (mean over elements). */
export function tfjsLoss(name: LossName): (p: tf.Tensor, t: tf.Tensor) => tf.Scalar {
  if (name === 'l1') return (p, t) => tf.losses.absoluteDifference(t, p) as tf.Scalar;
  if (name === 'mse') return (p, t) => tf.losses.meanSquaredError(t, p) as tf.Scalar;
  if (name === 'bce') return (p, t) => tf.losses.sigmoidCrossEntropy(t, p) as tf.Scalar;
  // luma on NCHW: weight the channel axis and sum it, then L1 of the two luma planes.
  const weights = tf.keep(tf.tensor4d([...LUMA_STANDARDS.bt601], [1, 3, 1, 1]));
  const toLuma = (x: tf.Tensor) => tf.sum(tf.mul(x, weights), 1);
  return (p, t) => tf.losses.absoluteDifference(toLuma(t), toLuma(p)) as tf.Scalar;
}
