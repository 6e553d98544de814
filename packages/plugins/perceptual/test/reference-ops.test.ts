// The float64 reference is the ground truth of the random checks, so each operator it evaluates
// is checked here against ONNX Runtime (CPU alone: this tests the reference, not the providers)
// in a network that uses them all with their less common attributes: a grouped, strided,
// dilated Conv with uneven pads, inference BatchNormalization, MaxPool with ceil_mode,
// AveragePool with and without padded cells counted, activations, arithmetic with a Constant
// node and a per-channel initializer. Gradients through them are checked against finite
// differences of the reference.
import { LossTester } from '@losskit/testkit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { perceptual } from '../src/index';
import { network, seeded } from './support';

const model = network(4, (g, image) => {
  const conv = g.conv(image, g.constant(seeded(72, 2), 'float32', [4, 2, 3, 3]), g.constant(seeded(4, 3), 'float32', [4]), {
    group: 2,
    strides: [1, 2],
    dilations: [2, 1],
    pads: [1, 0, 2, 1],
  });
  const channel = (values: number[]) => g.constant(Float32Array.from(values), 'float32', [4]);
  const normalized = g.batchNormalization(conv, channel([1.5, 0.5, 1, 2]), channel([0.1, -0.2, 0, 0.3]), channel([0.05, -0.1, 0.2, 0]), channel([0.5, 1, 2, 0.25]), 1e-3);
  const leaky = g.leakyRelu(normalized, 0.1);
  const maxed = g.maxPool(leaky, { kernelShape: [2, 2], strides: [2, 2], pads: [1, 1, 0, 0], ceilMode: true });
  const padded = g.averagePool(leaky, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true });
  const unpadded = g.averagePool(leaky, { kernelShape: [2, 2], pads: [1, 1, 0, 0] });
  const perChannel = g.constant(Float32Array.of(1, -2, 0.5, 3), 'float32', [1, 4, 1, 1]);
  return {
    maxed: g.div(g.mul(g.sub(maxed, g.constantNode(Float32Array.of(0.25), 'float32', [])), perChannel), 2),
    padded: g.add(g.sigmoid(padded), g.tanh(g.identity(padded))),
    unpadded: g.relu(unpadded),
  };
});

new LossTester({ describe, it, beforeAll, afterAll, providers: ['cpu'] }).run('perceptual (reference operators)', perceptual, {
  random: { options: { model }, dims: [[2, 4, 8, 8]], gradientSamples: 32 },
});
