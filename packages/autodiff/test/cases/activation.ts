import type { GradientCase } from '../support/check';

/** Activations: inputs stay 0.05 away from the kinks at 0. */
export const activationCases: readonly GradientCase[] = [
  { name: 'Relu away from 0', inputs: [{ shape: [3, 5], margin: 0.05 }], build: (g, x) => g.relu(x!) },
  { name: 'LeakyRelu alpha 0.2', inputs: [{ shape: [3, 5], margin: 0.05 }], build: (g, x) => g.leakyRelu(x!, 0.2) },
  { name: 'LeakyRelu default alpha', inputs: [{ shape: [3, 5], margin: 0.05 }], build: (g, x) => g.addNode('LeakyRelu', [x!])[0]! },
  { name: 'Sigmoid', inputs: [{ shape: [3, 5], range: [-4, 4] }], build: (g, x) => g.sigmoid(x!) },
  { name: 'Tanh', inputs: [{ shape: [3, 5], range: [-3, 3] }], build: (g, x) => g.tanh(x!) },
  { name: 'Softplus', inputs: [{ shape: [3, 5], range: [-4, 4] }], build: (g, x) => g.softplus(x!) },
  { name: 'Softmax axis 1', inputs: [{ shape: [2, 4, 3], range: [-2, 2] }], build: (g, x) => g.softmax(x!, 1) },
  { name: 'Softmax default axis', inputs: [{ shape: [3, 5], range: [-2, 2] }], build: (g, x) => g.addNode('Softmax', [x!])[0]! },
];
