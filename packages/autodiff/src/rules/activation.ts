import type { GradientRule } from '../types';

export const activationRules: Record<string, GradientRule> = {
  Relu: ({ g, inputs, dOutputs }) => [g.where(g.greater(inputs[0]!, 0), dOutputs[0]!, 0)],
  LeakyRelu: ({ g, inputs, dOutputs, node }) => {
    const a = node.attributes.alpha;
    const alpha = a?.type === 'float' ? a.value : 0.01;
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
    const a = node.attributes.axis;
    const axis = a?.type === 'int' ? a.value : -1;
    const d = dOutputs[0]!;
    return [g.mul(y, g.sub(d, g.reduceSum(g.mul(d, y), { axes: [axis], keepdims: true })))];
  },
};
