import type { GraphBuilder, Value } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';

/** A per-channel vector [C] as [1, C, 1, ...] to broadcast against [N, C, ...spatial]. */
function perChannel(g: GraphBuilder, v: Value, rank: number): Value {
  return g.reshape(v, [1, v.shape[0]!, ...new Array<number>(rank - 2).fill(1)]);
}

/** Sum over every axis but the channel axis, as a [C] vector. */
function channelSum(g: GraphBuilder, v: Value): Value {
  return g.reduceSum(v, { axes: [0, ...Array.from({ length: v.shape.length - 2 }, (_, i) => i + 2)], keepdims: false });
}

function channelMean(g: GraphBuilder, v: Value): Value {
  return g.reduceMean(v, { axes: [0, ...Array.from({ length: v.shape.length - 2 }, (_, i) => i + 2)], keepdims: true });
}

/**
 * BatchNormalization, y = (x - mean) / sqrt(var + epsilon) * scale + bias over axis 1.
 *
 * Inference mode (the default): mean and var are the running statistics, inputs like any other
 * (a fine-tuning trainer keeps them out of its parameters, but the rule is complete).
 * Training mode (`training_mode = 1`): mean and var are the batch's (biased variance), so
 * dx = scale / sigma * (dy - mean(dy) - xhat * mean(dy * xhat)); the running statistics it also
 * outputs are bookkeeping and get no gradient.
 */
const batchNormalization: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, scale, bias, mean, variance] = ctx.inputs as [Value, Value, Value, Value, Value];
  const dy = ctx.dOutputs[0]!;
  const rank = x.shape.length;
  const e = node.attributes.epsilon;
  const epsilon = e?.type === 'float' ? e.value : 1e-5;
  const t = node.attributes.training_mode;
  const training = t?.type === 'int' && t.value === 1;

  const centre = training ? channelMean(g, x) : perChannel(g, mean, rank);
  const centred = g.sub(x, centre);
  const varianceB = training ? channelMean(g, g.mul(centred, centred)) : perChannel(g, variance, rank);
  const invStd = g.reciprocal(g.sqrt(g.add(varianceB, epsilon)));
  const xhat = g.mul(centred, invStd);
  const gain = g.mul(perChannel(g, scale, rank), invStd);
  const dx = () => {
    if (!training) return g.mul(dy, gain);
    const inner = g.sub(g.sub(dy, channelMean(g, dy)), g.mul(xhat, channelMean(g, g.mul(dy, xhat))));
    return g.mul(inner, gain);
  };
  const gainVector = () => g.reshape(gain, [scale.shape[0]!]);
  return [
    ctx.needsGradient(0) ? dx() : undefined,
    ctx.needsGradient(1) ? channelSum(g, g.mul(dy, xhat)) : undefined,
    bias && ctx.needsGradient(2) ? channelSum(g, dy) : undefined,
    !training && ctx.needsGradient(3) ? g.neg(g.mul(channelSum(g, dy), gainVector())) : undefined,
    !training && ctx.needsGradient(4)
      ? g.mul(channelSum(g, g.mul(dy, centred)), g.reshape(g.mul(g.mul(gain, g.mul(invStd, invStd)), -0.5), [scale.shape[0]!]))
      : undefined,
  ];
};

/** Batch normalization in inference and training mode. */
export const batchNormRules: Record<string, GradientRule> = {
  BatchNormalization: batchNormalization,
};
