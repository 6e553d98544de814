import { type DimsRule, type GraphBuilder, InvalidInputError, type LossInputSpecs, type LossInputs, type Value } from '@losskit/core';

/** The prediction's dims, after checking they are `[N, D]` or `[D]`, as PyTorch requires. */
function embeddingDims(dims: readonly number[]): readonly number[] {
  if (dims.length !== 1 && dims.length !== 2) {
    throw new InvalidInputError('prediction.dims', '[N, D] (N embeddings of D values) or [D] (one embedding)', `[${dims.join(', ')}]`);
  }
  return dims;
}

const pairTargetDims: DimsRule = (dims) => embeddingDims(dims).slice(0, -1);

/** `other` (x2) has the prediction's dims; `target` one value per pair, `[N]` (or `[]` for one pair). */
export const cosineEmbeddingInputs: LossInputSpecs = {
  other: { type: 'float', differentiable: true, dims: embeddingDims, description: "the second embedding of each pair (x2), with the prediction's dims" },
  target: { type: 'float', dims: pairTargetDims, description: 'one value per pair, the prediction dims without the last axis: 1 (similar) or -1 (dissimilar)' },
};

const EXPECTED = 'a target of 1 (similar pair) or -1 (dissimilar pair)';

/** Every target must be 1 or -1 (PyTorch gives other values a loss of 0 without a word). */
export function validatePairTarget({ target }: LossInputs): void {
  for (let i = 0; i < target.data.length; i++) {
    const y = target.data[i]!;
    if (y !== 1 && y !== -1) throw new InvalidInputError(`target.data[${i}]`, EXPECTED, y);
  }
}

/**
 * The graph form of {@link validatePairTarget}: 0 when every target is 1 or -1 (`t² = 1`
 * exactly), +Infinity otherwise. When it is not finite, the session runs `validatePairTarget` for
 * the precise error.
 */
export function pairTargetCheck(g: GraphBuilder, target: Value): Value {
  const off = g.reduceSum(g.cast(g.not(g.equal(g.mul(target, target), 1)), 'float32'), { keepdims: false });
  return g.where(g.equal(off, 0), g.constant(0), Number.POSITIVE_INFINITY);
}
