import { type GraphBuilder, InvalidInputError, type LossInputs, type Value } from '@losskit/core';

const EXPECTED = 'a target of 1 (prediction should rank higher) or -1 (other should)';

/** Every target must be 1 or -1: which of the two scores should rank higher. */
export function validateRankingTarget({ target }: LossInputs): void {
  const data = target.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 1 && data[i] !== -1) throw new InvalidInputError(`target.data[${i}]`, EXPECTED, data[i]);
  }
}

/**
 * The graph form of {@link validateRankingTarget}: 0 when every `|t|` is exactly 1, +Infinity
 * otherwise. When it is not finite, the session runs `validateRankingTarget` for the precise error.
 */
export function rankingTargetCheck(g: GraphBuilder, target: Value): Value {
  const worst = g.reduceMax(g.abs(g.sub(g.abs(target), 1)), { keepdims: false });
  return g.where(g.equal(worst, 0), g.constant(0), Number.POSITIVE_INFINITY);
}
