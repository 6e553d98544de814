import { attr } from '@losskit/graph';
import { defaultGradientRules, ieeeAbsRules } from '../../src/index';
import type { GradientCase } from '../support/check';

/** Elementwise arithmetic with numpy broadcasting, and the selection ops losses are built from. */
export const elementwiseCases: readonly GradientCase[] = [
  { name: 'Add broadcast [2,3,4] + [3,1]', inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }], build: (g, a, b) => g.add(a!, b!) },
  { name: 'Sub broadcast [4] - [2,3,4]', inputs: [{ shape: [4] }, { shape: [2, 3, 4] }], build: (g, a, b) => g.sub(a!, b!) },
  { name: 'Mul broadcast [2,1,4] * [3,1]', inputs: [{ shape: [2, 1, 4] }, { shape: [3, 1] }], build: (g, a, b) => g.mul(a!, b!) },
  { name: 'Mul x * x accumulates both paths', inputs: [{ shape: [3, 4] }], build: (g, x) => g.mul(x!, x!) },
  {
    name: 'Div broadcast [2,3] / [3]',
    inputs: [{ shape: [2, 3] }, { shape: [3], range: [0.5, 2] }],
    build: (g, a, b) => g.div(a!, b!),
  },
  { name: 'Div by negative denominators', inputs: [{ shape: [5] }, { shape: [5], range: [-2, -0.5] }], build: (g, a, b) => g.div(a!, b!) },
  { name: 'Sum of three operands with broadcast', inputs: [{ shape: [2, 3] }, { shape: [3] }, { shape: [2, 1] }], build: (g, a, b, c) => g.addNode('Sum', [a!, b!, c!])[0]!,
    // The forward Sum has no WebGPU kernel; its gradient is the same ReduceSum/Reshape as Add's.
    providers: ['cpu'] },
  { name: 'Mean of two operands with broadcast', inputs: [{ shape: [2, 3] }, { shape: [1, 3] }], build: (g, a, b) => g.addNode('Mean', [a!, b!])[0]!,
    // The forward Mean has no WebGPU kernel; its gradient is Add's divided by the operand count.
    providers: ['cpu'] },
  { name: 'Neg', inputs: [{ shape: [2, 3] }], build: (g, x) => g.neg(x!) },
  { name: 'Identity', inputs: [{ shape: [2, 3] }], build: (g, x) => g.identity(x!) },
  { name: 'Abs away from 0', inputs: [{ shape: [3, 4], margin: 0.05 }], build: (g, x) => g.abs(x!) },
  { name: 'Abs away from 0 with ieeeAbsRules', inputs: [{ shape: [3, 4], margin: 0.05 }], build: (g, x) => g.abs(x!),
    rules: { ...defaultGradientRules, ...ieeeAbsRules },
    // WGSL may flush subnormals, which is why the rule is not a default.
    providers: ['cpu'] },
  { name: 'Abs of a sum of squares, ieeeAbsRules and the x * x rule together', inputs: [{ shape: [2, 5], margin: 0.05 }],
    build: (g, x) => g.abs(g.sub(g.mul(x!, x!), 0.25)),
    rules: { ...defaultGradientRules, ...ieeeAbsRules },
    providers: ['cpu'] },
  { name: 'Pow x^3 with a negative base', inputs: [{ shape: [2, 5] }], build: (g, x) => g.pow(x!, 3) },
  {
    name: 'Pow x^p with a broadcast tensor exponent',
    inputs: [{ shape: [2, 3], range: [0.5, 2] }, { shape: [3], range: [-1.5, 2] }],
    build: (g, x, p) => g.pow(x!, p!),
  },
  { name: 'Sqrt', inputs: [{ shape: [2, 3], range: [0.2, 2] }], build: (g, x) => g.sqrt(x!) },
  { name: 'Exp', inputs: [{ shape: [2, 3] }], build: (g, x) => g.exp(x!) },
  { name: 'Log', inputs: [{ shape: [2, 3], range: [0.2, 2] }], build: (g, x) => g.log(x!) },
  { name: 'Reciprocal', inputs: [{ shape: [2, 3], range: [0.5, 2] }], build: (g, x) => g.reciprocal(x!) },
  { name: 'Max of two tensors with broadcast', inputs: [{ shape: [2, 3] }, { shape: [3] }], build: (g, a, b) => g.max(a!, b!) },
  { name: 'Max of three operands with a constant', inputs: [{ shape: [2, 4] }, { shape: [2, 4] }], build: (g, a, b) => g.max(a!, b!, 0.1) },
  { name: 'Min of two tensors with broadcast', inputs: [{ shape: [3, 1] }, { shape: [3, 4] }], build: (g, a, b) => g.min(a!, b!) },
  { name: 'Clip to constant [-0.5, 0.5]', inputs: [{ shape: [3, 4] }], build: (g, x) => g.clip(x!, -0.5, 0.5) },
  { name: 'Clip min only', inputs: [{ shape: [3, 4] }], build: (g, x) => g.clip(x!, -0.2) },
  { name: 'Clip max only', inputs: [{ shape: [3, 4] }], build: (g, x) => g.clip(x!, undefined, 0.3) },
  {
    name: 'Clip with differentiated tensor bounds',
    inputs: [{ shape: [3, 4] }, { shape: [], data: [-0.3] }, { shape: [], data: [0.4] }],
    build: (g, x, lo, hi) => g.clip(x!, lo!, hi!),
  },
  {
    name: 'Where with a computed condition and broadcast branches',
    inputs: [{ shape: [2, 3], differentiate: false }, { shape: [2, 3] }, { shape: [3] }],
    build: (g, c, a, b) => g.where(g.greater(c!, 0), a!, b!),
  },
  {
    name: 'Cast float to float (a Cast node on the path)',
    inputs: [{ shape: [2, 3] }],
    build: (g, x) => g.mul(g.addNode('Cast', [x!], { to: attr.int(1) })[0]!, x!),
  },
  {
    name: 'Cast float32 -> float64 -> float32 round trip',
    inputs: [{ shape: [2, 3] }],
    build: (g, x) => g.cast(g.exp(g.cast(x!, 'float64')), 'float32'),
    // ONNX Runtime's WebGPU provider refuses the float64 nodes (no double kernels).
    providers: ['cpu'],
  },
];
