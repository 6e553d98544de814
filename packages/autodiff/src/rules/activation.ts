import { type GraphBuilder, type Value, attributeValue } from '@losskit/graph';
import type { GradientRule } from '../types';

/** The derivative of HardSigmoid max(0, min(1, alpha x + beta)): alpha strictly inside (0, 1), as PyTorch. */
function hardSigmoidSlope(g: GraphBuilder, x: Value, alpha: number, beta: number): Value {
  const z = g.add(g.mul(x, alpha), beta);
  return g.where(g.greater(z, 0), g.where(g.less(z, 1), g.constant(alpha, x.dtype), 0), 0);
}

export const activationRules: Record<string, GradientRule> = {
  Relu: ({ g, inputs, dOutputs }) => [g.where(g.greater(inputs[0]!, 0), dOutputs[0]!, 0)],
  LeakyRelu: ({ g, inputs, dOutputs, node }) => {
    const alpha = attributeValue(node.attributes, 'alpha', 'float') ?? 0.01;
    const d = dOutputs[0]!;
    return [g.where(g.greater(inputs[0]!, 0), d, g.mul(d, alpha))];
  },
  Sigmoid: ({ g, outputs, dOutputs }) => {
    const y = outputs[0]!;
    return [g.mul(dOutputs[0]!, g.mul(y, g.sub(1, y)))];
  },
  Tanh: ({ g, outputs, dOutputs }) => {
    const y = outputs[0]!;
    return [g.mul(dOutputs[0]!, g.sub(1, g.mul(y, y)))];
  },
  Softplus: ({ g, inputs, dOutputs }) => [g.mul(dOutputs[0]!, g.sigmoid(inputs[0]!))],
  // dx = y * (dy - sum(dy * y)) along the softmax axis.
  Softmax: ({ g, node, outputs, dOutputs }) => {
    const y = outputs[0]!;
    const axis = attributeValue(node.attributes, 'axis', 'int') ?? -1;
    const d = dOutputs[0]!;
    return [g.mul(y, g.sub(d, g.reduceSum(g.mul(d, y), { axes: [axis], keepdims: true })))];
  },
  // y = x - logsumexp(x): dx = dy - softmax(x) * sum(dy), softmax = exp(y).
  LogSoftmax: ({ g, node, outputs, dOutputs }) => {
    const axis = attributeValue(node.attributes, 'axis', 'int') ?? -1;
    const d = dOutputs[0]!;
    return [g.sub(d, g.mul(g.exp(outputs[0]!), g.reduceSum(d, { axes: [axis], keepdims: true })))];
  },
  // erf'(x) = 2/sqrt(pi) * exp(-x^2); PyTorch exports GELU as x/2 * (1 + Erf(x / sqrt 2)).
  Erf: ({ g, inputs, dOutputs }) => {
    const x = inputs[0]!;
    return [g.mul(dOutputs[0]!, g.mul(g.exp(g.neg(g.mul(x, x))), 2 / Math.sqrt(Math.PI)))];
  },
  HardSigmoid: ({ g, node, inputs, dOutputs }) => [
    g.mul(dOutputs[0]!, hardSigmoidSlope(g, inputs[0]!, attributeValue(node.attributes, 'alpha', 'float') ?? 0.2, attributeValue(node.attributes, 'beta', 'float') ?? 0.5)),
  ],
  // ELU family, negative branch from the output: ELU' = y + alpha, SELU' = y + gamma*alpha,
  // CELU' = y/alpha + 1 for x <= 0 (PyTorch's convention at 0), and the positive slope above.
  Elu: ({ g, node, inputs, outputs, dOutputs }) => {
    const alpha = attributeValue(node.attributes, 'alpha', 'float') ?? 1;
    const d = dOutputs[0]!;
    return [g.where(g.greater(inputs[0]!, 0), d, g.mul(d, g.add(outputs[0]!, alpha)))];
  },
  Selu: ({ g, node, inputs, outputs, dOutputs }) => {
    const alpha = attributeValue(node.attributes, 'alpha', 'float') ?? 1.67326319217681884765625;
    const gamma = attributeValue(node.attributes, 'gamma', 'float') ?? 1.05070102214813232421875;
    const d = dOutputs[0]!;
    return [g.where(g.greater(inputs[0]!, 0), g.mul(d, gamma), g.mul(d, g.add(outputs[0]!, gamma * alpha)))];
  },
  Celu: ({ g, node, inputs, outputs, dOutputs }) => {
    const alpha = attributeValue(node.attributes, 'alpha', 'float') ?? 1;
    const d = dOutputs[0]!;
    return [g.where(g.greater(inputs[0]!, 0), d, g.mul(d, g.add(g.div(outputs[0]!, alpha), 1)))];
  },
  // Softsign x / (1 + |x|): derivative 1 / (1 + |x|)^2.
  Softsign: ({ g, inputs, dOutputs }) => {
    const denominator = g.add(g.abs(inputs[0]!), 1);
    return [g.div(dOutputs[0]!, g.mul(denominator, denominator))];
  },
  // HardSwish = x * HardSigmoid(x) with alpha 1/6, beta 1/2: 0 below -3, 1 above 3, x/3 + 1/2
  // between (PyTorch's hardswish_backward: the middle branch includes +3).
  HardSwish: ({ g, inputs, dOutputs }) => {
    const x = inputs[0]!;
    const d = dOutputs[0]!;
    const middle = g.mul(d, g.add(g.div(x, 3), 0.5));
    return [g.where(g.less(x, -3), g.constant(0, x.dtype), g.where(g.greater(x, 3), d, middle))];
  },
};
