import { type GraphBuilder, type ResolvedOptions, type Value, resolveAxes } from '@losskit/core';
import type { TverskySchema } from './options';

/** Keras's `backend.epsilon()`, added to the denominator. */
export const EPSILON = 1e-7;

/** Where the summed axes come from, for errors. */
export const AXIS_SOURCE = 'tversky.axis';

/**
 * Keras's Tversky loss: `1 - TP / (TP + α FP + β FN + ε)` with `TP = Σ t p`,
 * `FP = Σ (1 - t) p`, `FN = Σ t (1 - p)`, the sums over `axis` (every axis when undefined),
 * those axes removed. Differentiated by autodiff.
 */
export function tverskyElementwise(g: GraphBuilder, prediction: Value, target: Value, { alpha, beta, axis }: ResolvedOptions<TverskySchema>): Value {
  const axes = resolveAxes(prediction.shape, axis, AXIS_SOURCE);
  const sum = (x: Value) => g.reduceSum(x, { axes, keepdims: false });
  const truePositives = sum(g.mul(target, prediction));
  const falsePositives = sum(g.mul(g.sub(1, target), prediction));
  const falseNegatives = sum(g.mul(target, g.sub(1, prediction)));
  const denominator = g.add(g.add(g.add(truePositives, g.mul(falsePositives, alpha)), g.mul(falseNegatives, beta)), EPSILON);
  return g.sub(1, g.div(truePositives, denominator));
}
