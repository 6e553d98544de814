import { type GraphBuilder, InvalidInputError, type LossInputSpec, type Value, checkClassWeights, classIndicesInput, oneHot } from '@losskit/core';

/** The resolved options of `multiMargin`. */
export interface MultiMarginSettings {
  readonly p: number;
  readonly margin: number;
  readonly classWeights: readonly number[] | undefined;
}

const INDICES = classIndicesInput(1);

/** Class indices `[N]` in `[0, C)` for scores `[N, C]`; other ranks are refused, naming the prediction. */
export const multiMarginTarget: LossInputSpec = {
  ...INDICES,
  dims: (dims) => {
    if (dims.length !== 2) throw new InvalidInputError('prediction.dims', 'dims [N, C] (samples, then class scores)', `[${dims.join(', ')}]`);
    return INDICES.dims!(dims);
  },
};

/**
 * The parts loss and gradient share, for scores `x` `[N, C]` and labels `y`: the one-hot label,
 * the hinge arguments `z_i = margin - x_y + x_i` with the label's own class masked out (as a
 * factor `others = 1 - one-hot`), and `w_y / C` per sample `[N, 1]`.
 */
function marginParts(g: GraphBuilder, x: Value, target: Value, settings: MultiMarginSettings): { hot: Value; z: Value; others: Value; scale: Value | number } {
  const classes = x.shape[1]!;
  checkClassWeights(settings.classWeights, classes, 1);
  const hot = oneHot(g, target, x, 1);
  const labelScore = g.reduceSum(g.mul(hot, x), { axes: [1], keepdims: true });
  const z = g.add(g.sub(x, labelScore), settings.margin);
  const weights = settings.classWeights;
  const scale = weights
    ? g.reduceSum(g.mul(hot, g.constant(Float32Array.from(weights, (w) => w / classes), 'float32', [1, classes])), { axes: [1], keepdims: true })
    : 1 / classes;
  return { hot, z, others: g.sub(1, hot), scale };
}

/** `l_n = w_y Σ_{i ≠ y} max(0, margin - x_y + x_i)^p / C`, one value per sample. */
export function multiMarginElementwise(g: GraphBuilder, scores: Value, target: Value, settings: MultiMarginSettings): Value {
  const { z, others, scale } = marginParts(g, scores, target, settings);
  const hinge = g.relu(z);
  const terms = g.mul(settings.p === 2 ? g.mul(hinge, hinge) : hinge, others);
  return g.reduceSum(g.mul(terms, scale), { axes: [1], keepdims: false });
}

/**
 * The closed-form gradient: `a_i = w_y p max(0, z_i)^(p - 1) [z_i > 0] / C` for `i ≠ y`, and
 * `-Σ_i a_i` for the label's own score; 0 at `z_i = 0`, as PyTorch's (which counts `z > 0`).
 */
export function multiMarginGradient(g: GraphBuilder, scores: Value, target: Value, dLoss: Value, settings: MultiMarginSettings): Value {
  const { hot, z, others, scale } = marginParts(g, scores, target, settings);
  const slope = settings.p === 2 ? g.mul(g.relu(z), 2) : g.cast(g.greater(z, 0), 'float32');
  const a = g.mul(g.mul(slope, others), g.mul(g.unsqueeze(dLoss, [1]), scale));
  return g.sub(a, g.mul(hot, g.reduceSum(a, { axes: [1], keepdims: true })));
}
