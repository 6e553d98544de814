import { attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

/** Inputs x, w and optionally a bias; every one is differentiated. */
function inputs(x: number[], w: number[], bias?: number): GradientCase['inputs'] {
  return bias === undefined ? [{ shape: x }, { shape: w }] : [{ shape: x }, { shape: w }, { shape: [bias] }];
}

export const convCases: readonly GradientCase[] = [
  {
    name: 'Conv 3x3 stride 2 pads 1 with bias',
    inputs: inputs([2, 3, 8, 8], [4, 3, 3, 3], 4),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1] }),
  },
  {
    name: 'Conv 4x4 stride 2 pads 1 with bias',
    inputs: inputs([2, 3, 8, 8], [4, 3, 4, 4], 4),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1] }),
  },
  {
    name: 'Conv stride 2 without pads (input gradient needs output_padding)',
    inputs: inputs([1, 2, 8, 8], [3, 2, 3, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { strides: [2, 2] }),
  },
  {
    name: 'Conv dilations [2,1] asymmetric pads',
    inputs: inputs([1, 2, 7, 6], [3, 2, 3, 2]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { dilations: [2, 1], pads: [1, 0, 0, 2] }),
  },
  {
    name: 'Conv strides [3,2] dilations 2',
    inputs: inputs([1, 2, 10, 9], [2, 2, 2, 3], 2),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [3, 2], dilations: [2, 2], pads: [0, 1, 2, 0] }),
  },
  {
    name: 'Conv group 2 stride 2 pads 1',
    inputs: inputs([2, 4, 6, 6], [6, 2, 3, 3], 6),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }),
  },
  {
    name: 'Conv depthwise (group = channels)',
    inputs: inputs([1, 3, 5, 5], [3, 1, 3, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [1, 1, 1, 1], group: 3 }),
  },
  {
    name: 'Conv auto_pad SAME_UPPER stride 2 (odd total padding)',
    inputs: inputs([1, 2, 6, 6], [3, 2, 4, 4]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { strides: [2, 2], autoPad: 'SAME_UPPER' }),
  },
  {
    name: 'Conv auto_pad SAME_LOWER stride 2 (odd total padding)',
    inputs: inputs([1, 2, 6, 6], [3, 2, 4, 4]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { strides: [2, 2], autoPad: 'SAME_LOWER' }),
  },
  {
    name: 'Conv 1-D stride 2 dilation 2 with bias',
    inputs: inputs([2, 3, 11], [4, 3, 3], 4),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2], dilations: [2], pads: [2, 1] }),
  },
  {
    name: 'Conv 3-D stride 2, weight and bias gradients',
    inputs: [{ shape: [1, 2, 5, 4, 4], differentiate: false }, { shape: [3, 2, 3, 2, 2] }, { shape: [3] }],
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 1, 2], pads: [1, 0, 1, 1, 1, 0] }),
  },
  {
    name: 'Conv 3-D stride 2, input gradient',
    inputs: inputs([1, 2, 5, 4, 4], [3, 2, 3, 2, 2]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { strides: [2, 1, 2], pads: [1, 0, 1, 1, 1, 0] }),
    // The input gradient is a 3-D ConvTranspose, which ONNX Runtime's WebGPU provider lacks.
    providers: ['cpu'],
  },
  // Stride-1 windows: the input gradient is a Conv with flipped weights and the weight gradient
  // a Gemm over shifted copies of the operand with fewer channels (filter or input).
  {
    name: 'Conv 3x3 stride 1 pads 1 with bias, fewer output channels (filter shifted)',
    inputs: inputs([2, 4, 6, 6], [2, 4, 3, 3], 2),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { pads: [1, 1, 1, 1] }),
  },
  {
    name: 'Conv 3x3 stride 1 pads 1, more output channels (input shifted)',
    inputs: inputs([2, 2, 5, 5], [4, 2, 3, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [1, 1, 1, 1] }),
  },
  {
    name: 'Conv stride 1 kernel 3x2 asymmetric pads, both operands shifted by turns',
    inputs: inputs([1, 3, 5, 6], [2, 3, 3, 2]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [2, 0, 0, 1] }),
  },
  {
    name: 'Conv stride 1 kernel 3x2 asymmetric pads, more output channels',
    inputs: inputs([1, 2, 5, 6], [3, 2, 3, 2]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [0, 1, 2, 0] }),
  },
  {
    name: 'Conv stride 1 pads wider than the kernel (input gradient falls back to ConvTranspose)',
    inputs: inputs([1, 2, 4, 4], [2, 2, 2, 2], 2),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { pads: [3, 2, 2, 3] }),
  },
  {
    name: 'Conv 1x1 stride 1',
    inputs: inputs([2, 3, 4, 4], [5, 3, 1, 1], 5),
    build: (g, x, w, b) => g.conv(x!, w!, b!),
  },
  {
    name: 'Conv 1x1 strides [2,3] with bias (weight gradient from the strided cells)',
    inputs: inputs([2, 3, 7, 8], [4, 3, 1, 1], 4),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 3] }),
  },
  {
    name: 'Conv 1-D stride 1 pads 1',
    inputs: inputs([2, 3, 7], [2, 3, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [1, 1] }),
  },
  // The forms chosen for wide layers, whose nodes the cases above run on every provider already
  // (ConvTranspose, Gemm over shifted inputs): checked on the CPU only, to spare WebGPU's shader
  // compilation in CI.
  {
    name: 'Conv 3x3 stride 1 pads 1, 64 output channels (input gradient as ConvTranspose)',
    inputs: inputs([1, 2, 3, 3], [64, 2, 3, 3], 64),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { pads: [1, 1, 1, 1] }),
    providers: ['cpu'],
  },
  {
    name: 'Conv depthwise 3x3 stride 2 pads 1 with bias (dy spread by the stride)',
    inputs: inputs([2, 4, 7, 6], [4, 1, 3, 3], 4),
    build: (g, x, w, b) => g.conv(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1], group: 4 }),
    providers: ['cpu'],
  },
  {
    name: 'Conv depthwise 5x3 strides [2,1] asymmetric pads',
    inputs: inputs([1, 3, 9, 5], [3, 1, 5, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { strides: [2, 1], pads: [2, 0, 1, 2], group: 3 }),
    providers: ['cpu'],
  },
  {
    name: 'Conv 3x3 stride 1 pads 1, as many output as input channels (input shifted)',
    inputs: inputs([2, 3, 4, 4], [3, 3, 3, 3]),
    build: (g, x, w) => g.conv(x!, w!, undefined, { pads: [1, 1, 1, 1] }),
    providers: ['cpu'],
  },
];

export const convTransposeCases: readonly GradientCase[] = [
  {
    name: 'ConvTranspose 3x3 stride 1 pads 1, fewer output channels',
    inputs: inputs([2, 4, 5, 5], [4, 2, 3, 3], 2),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { pads: [1, 1, 1, 1] }),
  },
  {
    name: 'ConvTranspose 3x3 stride 1 no pads, more output channels',
    inputs: inputs([1, 2, 4, 4], [2, 3, 3, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!),
  },
  {
    name: 'ConvTranspose kernel 4 stride 2 pads 1 with bias',
    inputs: inputs([2, 4, 4, 4], [4, 3, 4, 4], 3),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1] }),
  },
  {
    name: 'ConvTranspose stride 2 pads 1 output_padding 1',
    inputs: inputs([1, 2, 3, 3], [2, 3, 3, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!, undefined, { strides: [2, 2], pads: [1, 1, 1, 1], outputPadding: [1, 1] }),
  },
  {
    name: 'ConvTranspose stride 3 output_padding 2 without pads',
    inputs: inputs([1, 2, 3, 2], [2, 2, 2, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!, undefined, { strides: [3, 3], outputPadding: [2, 1] }),
  },
  {
    name: 'ConvTranspose 1x1 strides [2,3] output_padding [1,0] (weight gradient from the strided cells)',
    inputs: inputs([2, 3, 3, 4], [3, 2, 1, 1], 2),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 3], outputPadding: [1, 0] }),
  },
  {
    name: 'ConvTranspose dilations [1,2] asymmetric pads',
    inputs: inputs([1, 2, 4, 3], [2, 3, 3, 2], 3),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 1], dilations: [1, 2], pads: [2, 0, 1, 1] }),
  },
  {
    name: 'ConvTranspose group 2 stride 2',
    inputs: inputs([2, 4, 3, 3], [4, 2, 3, 3], 4),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }),
  },
  {
    name: 'ConvTranspose output_shape (odd total padding)',
    inputs: inputs([1, 2, 4, 4], [2, 3, 3, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!, undefined, { strides: [2, 2], outputShape: [8, 8] }),
  },
  {
    name: 'ConvTranspose output_shape beyond the uncropped size (zeros at the end)',
    inputs: inputs([1, 2, 3, 3], [2, 2, 3, 3], 2),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 2], outputShape: [8, 8] }),
  },

  {
    name: 'ConvTranspose auto_pad SAME_UPPER stride 2',
    inputs: inputs([1, 2, 3, 3], [2, 2, 3, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!, undefined, { strides: [2, 2], autoPad: 'SAME_UPPER' }),
  },
  {
    name: 'ConvTranspose auto_pad SAME_LOWER stride 2',
    inputs: inputs([1, 2, 3, 3], [2, 2, 3, 3]),
    build: (g, x, w) => g.convTranspose(x!, w!, undefined, { strides: [2, 2], autoPad: 'SAME_LOWER' }),
  },
  {
    name: 'ConvTranspose 1-D stride 2 pads 1 with bias',
    inputs: inputs([2, 3, 5], [3, 2, 4], 2),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2], pads: [1, 1] }),
  },
  {
    name: 'ConvTranspose 3-D stride 2 with bias',
    inputs: inputs([1, 2, 3, 2, 3], [2, 2, 2, 3, 2], 2),
    build: (g, x, w, b) => g.convTranspose(x!, w!, b!, { strides: [2, 1, 2], pads: [0, 1, 1, 1, 0, 0] }),
    // ONNX Runtime's WebGPU provider has no 3-D ConvTranspose, so the forward op cannot run there.
    providers: ['cpu'],
  },
  {
    name: 'ConvTranspose with kernel_shape attribute',
    inputs: inputs([1, 2, 3, 3], [2, 2, 2, 2]),
    build: (g, x, w) => g.addNode('ConvTranspose', [x!, w!], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) })[0]!,
  },
];
