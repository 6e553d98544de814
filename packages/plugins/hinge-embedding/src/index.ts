import { type GraphBuilder, type LossPluginFactory, type OptionSpec, type Value, defineLossPlugin, option, valueCheck } from '@losskit/core';
import { hingeEmbeddingReference } from './reference';

/** The options of {@link hingeEmbedding}. */
export type HingeEmbeddingSchema = {
  /** Default `1`, PyTorch's. */
  readonly margin: OptionSpec<number>;
};

const hingeEmbeddingSchema: HingeEmbeddingSchema = {
  margin: option.number({ description: 'The distance below which a dissimilar pair (label -1) costs margin - x.', default: 1 }),
};

const SIGN_LABELS = valueCheck({ absolute: true, min: 1, max: 1, expected: 'a label -1 or 1' });

/** `x` where `y = 1`, `max(0, margin - x)` where `y = -1`. */
function hingeElementwise(g: GraphBuilder, prediction: Value, target: Value, margin: number): Value {
  return g.where(g.greater(target, 0), prediction, g.max(g.sub(margin, prediction), 0));
}

/**
 * d l / d x: 1 where `y = 1`; -1 where `y = -1` and `x <= margin`, 0 beyond. At `x = margin`
 * the gradient is -1, as PyTorch's (its `clamp_min` passes the gradient where the value equals the bound).
 */
function hingeGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, margin: number): Value {
  const inside = g.cast(g.lessOrEqual(prediction, margin), 'float32');
  return g.mul(g.where(g.greater(target, 0), 1, g.neg(inside)), dLoss);
}

/**
 * PyTorch's `F.hinge_embedding_loss`: for a distance (or dissimilarity) `x` between two inputs
 * and a label `y` of 1 (similar) or -1 (dissimilar), `l = x` for similar pairs and
 * `l = max(0, margin - x)` for dissimilar ones, pulling similar pairs together and pushing
 * dissimilar ones at least `margin` apart.
 */
export const hingeEmbedding: LossPluginFactory<HingeEmbeddingSchema> = defineLossPlugin({
  name: 'hinge-embedding',
  description: 'Hinge loss on distances: x for similar pairs (label 1), max(0, margin - x) for dissimilar ones (PyTorch F.hinge_embedding_loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/hinge-embedding#readme',
  options: hingeEmbeddingSchema,
  create: ({ margin }) => ({
    inputs: { target: { type: 'float', description: 'labels 1 (similar) or -1 (dissimilar), the prediction dims' } },
    elementwise: (g, prediction, target) => hingeElementwise(g, prediction, target, margin),
    gradient: (g, prediction, target, dLoss) => hingeGradient(g, prediction, target, dLoss, margin),
    reference: (prediction, target) => hingeEmbeddingReference(prediction, target, margin),
    validate: ({ target }) => SIGN_LABELS.validate('target', target.data),
    inputCheck: (g, _prediction, target) => SIGN_LABELS.graph(g, target),
  }),
});
