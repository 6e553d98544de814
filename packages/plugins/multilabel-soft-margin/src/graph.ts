import { type GraphBuilder, InvalidInputError, type Value, checkClassWeights, sigmoids, softplus } from '@losskit/core';

/**
 * The target's dims rule: the prediction's dims, which must have a class axis last and a batch
 * axis before it (`[N, C]`, or `[N, ..., C]`). The loss reduces the class axis.
 */
export function multilabelDims(dims: readonly number[]): readonly number[] {
  if (dims.length < 2) {
    throw new InvalidInputError('prediction.dims', 'dims [N, C] (samples, then classes on the last axis)', `[${dims.join(', ')}]`);
  }
  return dims;
}

/** The class weights as a constant along the last axis, or `undefined`. */
function weightsAlongClasses(g: GraphBuilder, logits: Value, classWeights: readonly number[] | undefined): Value | undefined {
  const classes = logits.shape.at(-1)!;
  checkClassWeights(classWeights, classes, -1);
  return classWeights && g.constant(Float32Array.from(classWeights), 'float32', [classes]);
}

/**
 * `Σ_c w_c (y_c softplus(-x_c) + (1 - y_c) softplus(x_c)) / C` over the last axis: the logistic
 * loss of each class, `-(y log sigmoid(x) + (1 - y) log sigmoid(-x))`, weighted and averaged.
 */
export function multilabelElementwise(g: GraphBuilder, logits: Value, target: Value, classWeights: readonly number[] | undefined): Value {
  const weights = weightsAlongClasses(g, logits, classWeights);
  const perClass = g.add(g.mul(target, softplus(g, g.neg(logits))), g.mul(g.sub(1, target), softplus(g, logits)));
  const weighted = weights ? g.mul(perClass, weights) : perClass;
  return g.div(g.reduceSum(weighted, { axes: [logits.shape.length - 1], keepdims: false }), logits.shape.at(-1)!);
}

/** d l / d x_c = `w_c (sigmoid(x_c) - y_c) / C`, with `sigmoid(x) - y = sigmoid(x)(1 - y) - sigmoid(-x) y`. */
export function multilabelGradient(g: GraphBuilder, logits: Value, target: Value, dLoss: Value, classWeights: readonly number[] | undefined): Value {
  const weights = weightsAlongClasses(g, logits, classWeights);
  const { sigmoid, complement } = sigmoids(g, logits);
  const difference = g.sub(g.mul(sigmoid, g.sub(1, target)), g.mul(complement, target));
  const scaled = g.mul(g.unsqueeze(dLoss, [logits.shape.length - 1]), 1 / logits.shape.at(-1)!);
  return g.mul(weights ? g.mul(difference, weights) : difference, scaled);
}
