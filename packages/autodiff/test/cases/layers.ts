import { attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

/** Gradient cases of the layers PyTorch's exporter writes (see layers.test.ts). */
export const maxPoolCases: readonly GradientCase[] = [
  { name: 'MaxPool 2x2 stride 2', inputs: [{ shape: [2, 3, 6, 6] }], build: (g, x) => g.maxPool(x!, { kernelShape: [2, 2], strides: [2, 2] }) },
  {
    name: 'MaxPool 3x3 stride 2 pads 1 (overlapping windows)',
    inputs: [{ shape: [1, 2, 7, 6] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  },
  {
    name: 'MaxPool ceil_mode with asymmetric pads',
    // ceil_mode rounds 2.5 windows up on both axes (ONNX's own shape inference and ONNX
    // Runtime's kernel disagree when the last window would start in the end padding; avoided).
    inputs: [{ shape: [1, 2, 8, 7] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [0, 1, 0, 0], ceilMode: true }),
  },
  {
    name: 'MaxPool dilations 2',
    inputs: [{ shape: [1, 2, 7, 7] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [2, 2], dilations: [2, 2] }),
  },
  { name: 'MaxPool auto_pad SAME_UPPER', inputs: [{ shape: [1, 2, 5, 5] }], build: (g, x) => g.maxPool(x!, { kernelShape: [2, 2], strides: [2, 2], autoPad: 'SAME_UPPER' }) },
  { name: 'MaxPool 1-D', inputs: [{ shape: [2, 3, 9] }], build: (g, x) => g.maxPool(x!, { kernelShape: [3], strides: [2], pads: [1, 1] }) },
  { name: 'GlobalMaxPool (AdaptiveMaxPool2d(1))', inputs: [{ shape: [2, 3, 3, 4] }], build: (g, x) => g.addNode('GlobalMaxPool', [x!])[0]! },
  {
    name: 'MaxPool with its Indices output',
    inputs: [{ shape: [1, 2, 4, 4] }],
    build: (g, x) => g.addNode('MaxPool', [x!], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) })[0]!,
    // The WebGPU provider does not compute MaxPool's Indices ("not supported yet").
    providers: ['cpu'],
  },
];

const channels = 3;
const stats = (range: readonly [number, number], differentiate = true) => ({ shape: [channels], range, differentiate });

export const batchNormCases: readonly GradientCase[] = [
  {
    name: 'BatchNormalization inference mode, every input',
    inputs: [{ shape: [2, channels, 3, 3] }, stats([0.5, 1.5]), stats([-0.5, 0.5]), stats([-0.3, 0.3]), stats([0.5, 2])],
    build: (g, x, scale, bias, mean, variance) => g.batchNormalization(x!, scale!, bias!, mean!, variance!, 1e-3),
  },
  {
    name: 'BatchNormalization training mode (batch statistics)',
    inputs: [{ shape: [3, channels, 2, 3] }, stats([0.5, 1.5]), stats([-0.5, 0.5]), stats([-0.3, 0.3], false), stats([0.5, 2], false)],
    build: (g, x, scale, bias, mean, variance) =>
      g.addNode('BatchNormalization', [x!, scale!, bias!, mean!, variance!], { epsilon: attr.float(1e-5), training_mode: attr.int(1) })[0]!,
    // ONNX Runtime's WebGPU BatchNormalization has no training mode ("not supported yet");
    // @losskit/train lowers it to primitive ops, which its WebGPU tests run.
    providers: ['cpu'],
  },
  {
    name: 'BatchNormalization 1-D features [N, C]',
    inputs: [{ shape: [4, channels] }, stats([0.5, 1.5]), stats([-0.5, 0.5]), stats([-0.3, 0.3]), stats([0.5, 2])],
    build: (g, x, scale, bias, mean, variance) => g.batchNormalization(x!, scale!, bias!, mean!, variance!),
  },
];

export const normalizationCases: readonly GradientCase[] = [
  {
    name: 'LayerNormalization over the last axis (nn.LayerNorm(4))',
    inputs: [{ shape: [2, 3, 4] }, { shape: [4], range: [0.5, 1.5] }, { shape: [4], range: [-0.5, 0.5] }],
    build: (g, x, scale, bias) => g.layerNormalization(x!, scale!, bias!),
  },
  {
    name: 'LayerNormalization over the last two axes, no bias',
    inputs: [{ shape: [3, 2, 5] }, { shape: [2, 5], range: [0.5, 1.5] }],
    build: (g, x, scale) => g.layerNormalization(x!, scale!, undefined, 1, 1e-3),
  },
  {
    name: 'InstanceNormalization (nn.InstanceNorm2d, and nn.GroupNorm as exported)',
    inputs: [{ shape: [2, channels, 3, 2] }, stats([0.5, 1.5]), stats([-0.5, 0.5])],
    build: (g, x, scale, bias) => g.instanceNormalization(x!, scale!, bias!),
  },
];

export const layerActivationCases: readonly GradientCase[] = [
  {
    name: 'LogSoftmax axis 1',
    inputs: [{ shape: [3, 5], range: [-3, 3] }],
    build: (g, x) => g.logSoftmax(x!, 1),
    // No WebGPU LogSoftmax kernel; @losskit/train lowers it to Sub/Exp/ReduceSum/Log.
    providers: ['cpu'],
  },
  { name: 'Erf', inputs: [{ shape: [3, 5], range: [-2, 2] }], build: (g, x) => g.erf(x!) },
  {
    name: 'GELU as PyTorch exports it: x/2 (1 + Erf(x / sqrt 2))',
    inputs: [{ shape: [3, 5], range: [-3, 3] }],
    build: (g, x) => g.mul(g.mul(x!, g.add(g.erf(g.div(x!, Math.SQRT2)), 1)), 0.5),
  },
  { name: 'HardSigmoid (PyTorch alpha 1/6)', inputs: [{ shape: [4, 5], range: [-4, 4] }], build: (g, x) => g.hardSigmoid(x!, 1 / 6, 0.5) },
  { name: 'HardSwish', inputs: [{ shape: [4, 5], range: [-4.5, 4.5] }], build: (g, x) => g.hardSwish(x!) },
  { name: 'Elu alpha 0.7', inputs: [{ shape: [3, 5], range: [-3, 3] }], build: (g, x) => g.addNode('Elu', [x!], { alpha: attr.float(0.7) })[0]! },
  // No WebGPU kernels for Selu, Celu and Softsign (ONNX Runtime 1.30).
  { name: 'Selu', inputs: [{ shape: [3, 5], range: [-3, 3] }], build: (g, x) => g.addNode('Selu', [x!])[0]!, providers: ['cpu'] },
  { name: 'Celu alpha 1.5', inputs: [{ shape: [3, 5], range: [-3, 3] }], build: (g, x) => g.addNode('Celu', [x!], { alpha: attr.float(1.5) })[0]!, providers: ['cpu'] },
  { name: 'Softsign', inputs: [{ shape: [3, 5], range: [-3, 3] }], build: (g, x) => g.addNode('Softsign', [x!])[0]!, providers: ['cpu'] },
  { name: 'SiLU as exported: x * Sigmoid(x)', inputs: [{ shape: [3, 4], range: [-3, 3] }], build: (g, x) => g.mul(x!, g.sigmoid(x!)) },
  { name: 'ReLU6 as exported: Clip(x, 0, 6)', inputs: [{ shape: [3, 4], range: [-2, 8], margin: 0.1 }], build: (g, x) => g.clip(x!, 0, 6) },
];

export const layerShapeCases: readonly GradientCase[] = [
  { name: 'Pad constant, as ZeroPad2d', inputs: [{ shape: [1, 2, 3, 3] }], build: (g, x) => g.pad(x!, [0, 0, 1, 2, 0, 0, 2, 1]) },
  { name: 'Pad with negative pads (crop)', inputs: [{ shape: [1, 2, 4, 4] }], build: (g, x) => g.pad(x!, [0, 0, -1, 1, 0, 0, 1, -2]) },
  { name: 'Split into 3 along axis 1', inputs: [{ shape: [2, 6, 2] }], build: (g, x) => {
    const [a, b, c] = g.split(x!, [1, 2, 3], 1);
    return g.concat([g.mul(a!, 2), g.neg(c!), b!], 1);
  } },
  { name: 'Split with an unused piece', inputs: [{ shape: [2, 4] }], build: (g, x) => g.sigmoid(g.split(x!, [3, 1], 1)[0]!) },
  // Dropout of tanh(x): on a bare graph input ONNX Runtime removes the identity Dropout and
  // copies the input to the output on the CPU, which a CPU-fallback-free WebGPU session refuses.
  { name: 'Dropout in inference mode', inputs: [{ shape: [3, 4] }], build: (g, x) => g.addNode('Dropout', [g.tanh(x!), g.constant(0.3)], {}, { outputCount: 1 })[0]! },
];
