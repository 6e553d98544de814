// The operators perceptual's float64 reference evaluates: those of VGG-style feature extractors
// (Conv, Relu, MaxPool), of ResNet-style ones (BatchNormalization in inference mode, Add,
// AveragePool), and of normalisation inside a network (Sub, Div, Mul by constants).
import { type Float64Tensor, type Node, type Tensor, broadcastShapes, broadcastTo } from '@losskit/core';
import { conv, pool } from './window';

/** One operator in float64: its inputs (`undefined` where left out), its outputs. */
export type ReferenceOp = (inputs: readonly (Float64Tensor | undefined)[], node: Node) => Float64Tensor[];

/** A constant tensor (an initializer or a Constant node's value) in float64. */
export function toFloat64(tensor: Tensor): Float64Tensor {
  return { data: Float64Array.from(tensor.data as ArrayLike<number | bigint>, Number), dims: tensor.dims };
}

function float(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'float' ? a.value : fallback;
}

const unary =
  (f: (v: number, node: Node) => number): ReferenceOp =>
  ([x], node) => [{ data: x!.data.map((v) => f(v, node)), dims: x!.dims }];

const binary =
  (f: (a: number, b: number) => number): ReferenceOp =>
  ([a, b], node) => {
    const dims = broadcastShapes(node.op, a!.dims, b!.dims);
    const left = broadcastTo(a!, dims);
    const right = broadcastTo(b!, dims);
    return [{ data: left.map((v, i) => f(v, right[i]!)), dims }];
  };

/** BatchNormalization in inference mode: `scale (x - mean) / sqrt(var + epsilon) + bias` per channel (axis 1). */
const batchNormalization: ReferenceOp = ([x, scale, bias, mean, variance], node) => {
  const epsilon = float(node, 'epsilon', 1e-5);
  const channels = x!.dims[1]!;
  const inner = x!.dims.slice(2).reduce((a, b) => a * b, 1);
  const data = x!.data.map((v, i) => {
    const c = Math.floor(i / inner) % channels;
    return (scale!.data[c]! * (v - mean!.data[c]!)) / Math.sqrt(variance!.data[c]! + epsilon) + bias!.data[c]!;
  });
  return [{ data, dims: x!.dims }];
};

export const REFERENCE_OPS: Readonly<Record<string, ReferenceOp>> = {
  Identity: ([x]) => [x!],
  Constant: (_, node) => {
    const value = node.attributes.value;
    if (value?.type !== 'tensor') throw new TypeError(`Constant "${node.name}": only a tensor value is evaluated`);
    return [toFloat64(value.value)];
  },
  Relu: unary((v) => Math.max(v, 0)),
  LeakyRelu: unary((v, node) => (v >= 0 ? v : float(node, 'alpha', 0.01) * v)),
  Sigmoid: unary((v) => 1 / (1 + Math.exp(-v))),
  Tanh: unary(Math.tanh),
  Add: binary((a, b) => a + b),
  Sub: binary((a, b) => a - b),
  Mul: binary((a, b) => a * b),
  Div: binary((a, b) => a / b),
  Conv: ([x, w, bias], node) => [conv(x!, w!, bias, node)],
  MaxPool: ([x], node) => [pool(x!, node)],
  AveragePool: ([x], node) => [pool(x!, node)],
  BatchNormalization: batchNormalization,
};
