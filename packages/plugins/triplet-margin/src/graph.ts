import type { GraphBuilder, LossValues, Value } from '@losskit/core';
import { type PairwiseDistance, pairwiseDistance, pairwiseDistanceGradient } from './distance';
import type { TripletMarginSettings } from './options';

interface Triplet {
  readonly positive: PairwiseDistance;
  readonly negative: PairwiseDistance;
  /** Distance between the positive and the negative, with `swap`. */
  readonly swapped: PairwiseDistance | undefined;
  /** `margin + d(a, p) - d(a, n)` (or the smaller of `d(a, n)` and `d(p, n)` with `swap`), before the clamp. */
  readonly hinge: Value;
}

function triplet(g: GraphBuilder, inputs: LossValues, { margin, p, eps, swap }: TripletMarginSettings): Triplet {
  const { prediction: anchor, positive, negative } = inputs as Record<'prediction' | 'positive' | 'negative', Value>;
  const toPositive = pairwiseDistance(g, anchor, positive, p, eps);
  const toNegative = pairwiseDistance(g, anchor, negative, p, eps);
  const swapped = swap ? pairwiseDistance(g, positive, negative, p, eps) : undefined;
  const nearest = swapped ? g.min(toNegative.distance, swapped.distance) : toNegative.distance;
  return { positive: toPositive, negative: toNegative, swapped, hinge: g.add(g.sub(toPositive.distance, nearest), margin) };
}

/** Triplet margin loss per triplet: `max(0, margin + d(a, p) - d(a, n))`, the distances along the last axis. */
export function tripletMarginElementwise(g: GraphBuilder, inputs: LossValues, settings: TripletMarginSettings): Value {
  return g.clip(triplet(g, inputs, settings).hinge, 0);
}

/**
 * The closed-form gradients of the anchor, the positive and the negative, PyTorch's: the clamp
 * passes the gradient where the hinge is >= 0 (`clamp_min`), `min` splits it evenly between tied
 * distances (`minimum`), and each distance's gradient is 0 where the distance is 0 (`norm`).
 */
export function tripletMarginGradient(g: GraphBuilder, dLoss: Value, inputs: LossValues, settings: TripletMarginSettings): Record<string, Value> {
  const { positive, negative, swapped, hinge } = triplet(g, inputs, settings);
  const dHinge = g.where(g.greaterOrEqual(hinge, 0), dLoss, 0);
  const dPositive = pairwiseDistanceGradient(g, positive, dHinge, settings.p);
  if (!swapped) {
    const dNegative = pairwiseDistanceGradient(g, negative, g.neg(dHinge), settings.p);
    return { prediction: g.add(dPositive, dNegative), positive: g.neg(dPositive), negative: g.neg(dNegative) };
  }
  // The share of -dHinge each candidate of min(d(a, n), d(p, n)) receives: all, none, or half on a tie.
  const share = g.add(g.cast(g.less(negative.distance, swapped.distance), 'float32'), g.mul(g.cast(g.equal(negative.distance, swapped.distance), 'float32'), 0.5));
  const dNegative = pairwiseDistanceGradient(g, negative, g.neg(g.mul(dHinge, share)), settings.p);
  const dSwapped = pairwiseDistanceGradient(g, swapped, g.neg(g.mul(dHinge, g.sub(1, share))), settings.p);
  return {
    prediction: g.add(dPositive, dNegative),
    positive: g.sub(dSwapped, dPositive),
    negative: g.neg(g.add(dNegative, dSwapped)),
  };
}
