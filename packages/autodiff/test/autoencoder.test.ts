// The model the demo trains, in miniature: conv -> flatten -> gemm -> gemm -> reshape ->
// convTranspose -> sigmoid, with an L1 loss. Every parameter's gradient is checked against
// central finite differences of the float64 reference, on every provider.
import { describe } from 'vitest';
import { type GradientCase, gradientTests } from './support/check';

const batch = 2;

/** Parameters in order: conv W/b, encoder W/b, decoder W/b, convTranspose W/b. */
const parameterShapes: readonly (readonly number[])[] = [
  [4, 3, 3, 3],
  [4],
  [8, 64],
  [8],
  [64, 8],
  [64],
  [4, 3, 4, 4],
  [3],
];

const autoencoderL1: GradientCase = {
  name: 'conv autoencoder with L1 loss, every parameter',
  inputs: [
    { shape: [batch, 3, 8, 8], range: [0, 1], differentiate: false },
    { shape: [batch, 3, 8, 8], range: [0, 1], differentiate: false },
    ...parameterShapes.map((shape) => ({ shape, range: [-0.5, 0.5] as const })),
  ],
  build: (g, image, target, w1, b1, w2, b2, w3, b3, w4, b4) => {
    const h1 = g.relu(g.conv(image!, w1!, b1!, { strides: [2, 2], pads: [1, 1, 1, 1] })); // [2, 4, 4, 4]
    const code = g.leakyRelu(g.gemm(g.flatten(h1), w2!, b2!, { transB: true }), 0.1); // [2, 8]
    const h2 = g.relu(g.gemm(code, w3!, b3!, { transB: true })); // [2, 64]
    const grid = g.reshape(h2, [0, 4, 4, -1]); // [2, 4, 4, 4]
    const reconstruction = g.sigmoid(g.convTranspose(grid, w4!, b4!, { strides: [2, 2], pads: [1, 1, 1, 1] })); // [2, 3, 8, 8]
    return g.reduceMean(g.abs(g.sub(reconstruction, target!)), { keepdims: false });
  },
};

describe('end to end: the demo autoencoder', () => gradientTests([autoencoderL1]));
