import { type GraphBuilder, type Node, type Value, attributeValue } from '@losskit/graph';
import { unbroadcast } from '../broadcast';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

/** A per-channel vector [C] as [1, C, 1, ...] to broadcast against [N, C, ...spatial]. */
function perChannel(g: GraphBuilder, v: Value, rank: number): Value {
  return g.reshape(v, [1, v.shape[0]!, ...new Array<number>(rank - 2).fill(1)]);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Sum over every axis but the channel axis, as a [C] vector. */
function channelSum(g: GraphBuilder, v: Value): Value {
  return g.reduceSum(v, { axes: [0, ...range(2, v.shape.length)], keepdims: false });
}

function epsilonOf(node: Node): number {
  return attributeValue(node.attributes, 'epsilon', 'float') ?? 1e-5;
}

/** x normalised over `axes` with its own mean and biased variance: the centred x, 1/sigma and x-hat. */
function normalise(g: GraphBuilder, x: Value, axes: readonly number[], epsilon: number): { centred: Value; invStd: Value; xhat: Value } {
  const centred = g.sub(x, g.reduceMean(x, { axes, keepdims: true }));
  const invStd = g.reciprocal(g.sqrt(g.add(g.reduceMean(g.mul(centred, centred), { axes, keepdims: true }), epsilon)));
  return { centred, invStd, xhat: g.mul(centred, invStd) };
}

/**
 * The input gradient of a normalisation with the statistics of `axes` followed by a gain:
 * with g = dy * gain, dx = (g - mean(g) - xhat * mean(g * xhat)) / sigma over those axes.
 */
function normalisedInputGradient(g: GraphBuilder, scaled: Value, xhat: Value, invStd: Value, axes: readonly number[]): Value {
  const mean = (v: Value) => g.reduceMean(v, { axes, keepdims: true });
  return g.mul(g.sub(g.sub(scaled, mean(scaled)), g.mul(xhat, mean(g.mul(scaled, xhat)))), invStd);
}

/** Whether a BatchNormalization normalises with the batch's statistics (`training_mode = 1`). */
function isTrainingMode(node: Node): boolean {
  return attributeValue(node.attributes, 'training_mode', 'int') === 1;
}

/**
 * BatchNormalization, y = (x - mean) / sqrt(var + epsilon) * scale + bias over axis 1.
 *
 * Inference mode (the default): mean and var are the running statistics, differentiated like
 * any other input (declared `nonTrainable`, so a trainer keeps them out of its parameters).
 * Training mode (`training_mode = 1`): mean and var are the batch's (biased variance), so
 * dx = scale / sigma * (dy - mean(dy) - xhat * mean(dy * xhat)); the running statistics it also
 * outputs are bookkeeping and get no gradient.
 */
const batchNormalization: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, scale, bias, mean, variance] = ctx.inputs as [Value, Value, Value, Value, Value];
  const dy = ctx.dOutputs[0]!;
  const rank = x.shape.length;
  const epsilon = epsilonOf(node);
  const training = isTrainingMode(node);
  const axes = [0, ...range(2, rank)];
  const scaleB = perChannel(g, scale, rank);

  if (training) {
    const { invStd, xhat } = normalise(g, x, axes, epsilon);
    return [
      ctx.needsGradient(0) ? normalisedInputGradient(g, g.mul(dy, scaleB), xhat, invStd, axes) : undefined,
      ctx.needsGradient(1) ? channelSum(g, g.mul(dy, xhat)) : undefined,
      bias && ctx.needsGradient(2) ? channelSum(g, dy) : undefined,
    ];
  }
  const centred = g.sub(x, perChannel(g, mean, rank));
  const invStd = g.reciprocal(g.sqrt(g.add(perChannel(g, variance, rank), epsilon)));
  const gain = g.mul(scaleB, invStd);
  const vector = (v: Value) => g.reshape(v, [scale.shape[0]!]);
  return [
    ctx.needsGradient(0) ? g.mul(dy, gain) : undefined,
    ctx.needsGradient(1) ? channelSum(g, g.mul(dy, g.mul(centred, invStd))) : undefined,
    bias && ctx.needsGradient(2) ? channelSum(g, dy) : undefined,
    ctx.needsGradient(3) ? g.neg(g.mul(channelSum(g, dy), vector(gain))) : undefined,
    ctx.needsGradient(4) ? g.mul(channelSum(g, g.mul(dy, centred)), vector(g.mul(g.mul(gain, g.mul(invStd, invStd)), -0.5))) : undefined,
  ];
};

/**
 * LayerNormalization (opset 17; PyTorch's nn.LayerNorm): statistics over the axes from `axis` on,
 * scale and bias broadcast over the leading axes. The Mean and InvStdDev outputs get no gradient.
 */
const layerNormalization: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, scale, bias] = ctx.inputs as [Value, Value, Value | undefined];
  const dy = ctx.dOutputs[0]!;
  const rank = x.shape.length;
  const raw = attributeValue(node.attributes, 'axis', 'int') ?? -1;
  const axes = range(raw < 0 ? raw + rank : raw, rank);
  const { invStd, xhat } = normalise(g, x, axes, epsilonOf(node));
  return [
    ctx.needsGradient(0) ? normalisedInputGradient(g, g.mul(dy, scale), xhat, invStd, axes) : undefined,
    ctx.needsGradient(1) ? unbroadcast(g, g.mul(dy, xhat), scale.shape) : undefined,
    bias && ctx.needsGradient(2) ? unbroadcast(g, dy, bias.shape) : undefined,
  ];
};

/**
 * InstanceNormalization: statistics per sample and channel over the spatial axes, per-channel
 * scale and bias. PyTorch exports nn.GroupNorm as Reshape -> InstanceNormalization -> Reshape.
 */
const instanceNormalization: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, scale] = ctx.inputs as [Value, Value, Value];
  const dy = ctx.dOutputs[0]!;
  const rank = x.shape.length;
  const axes = range(2, rank);
  const { invStd, xhat } = normalise(g, x, axes, epsilonOf(node));
  return [
    ctx.needsGradient(0) ? normalisedInputGradient(g, g.mul(dy, perChannel(g, scale, rank)), xhat, invStd, axes) : undefined,
    ctx.needsGradient(1) ? channelSum(g, g.mul(dy, xhat)) : undefined,
    ctx.needsGradient(2) ? channelSum(g, dy) : undefined,
  ];
};

/** Batch, layer and instance normalization. */
export const normalizationRules: Record<string, GradientRule> = {
  // The running statistics are statistics, not weights; in training mode the output does not
  // depend on them at all (it uses the batch's).
  BatchNormalization: defineGradientRule(batchNormalization, {
    nonDifferentiable: (node) => (isTrainingMode(node) ? [3, 4] : []),
    nonTrainable: [3, 4],
  }),
  LayerNormalization: layerNormalization,
  InstanceNormalization: instanceNormalization,
};
