import { GraphBuilder, type Model } from '@losskit/graph';
import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

/** y = sigmoid(x * w + b) per feature: a model small enough to differentiate by hand. */
export function featureModel(features = 4, linear = false): Model {
  const g = new GraphBuilder('feature-model');
  const x = g.input('x', 'float32', [1, features]);
  const w = g.initializer('w', 'float32', [features], Float32Array.from({ length: features }, (_, i) => 0.5 - 0.2 * i));
  const b = g.initializer('b', 'float32', [features], Float32Array.from({ length: features }, (_, i) => 0.1 * i));
  const z = g.add(g.mul(x, w), b);
  g.output(linear ? g.identity(z) : g.sigmoid(z), 'y');
  const model = g.toModel();
  // Declare the batch dimension symbolic, as models from other tools do.
  return {
    ...model,
    graph: {
      ...model.graph,
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', features] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', features] }],
    },
  };
}

/** Mean squared error, defined here: the plugin packages depend on this one's consumers. */
export const mse: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'mse',
  description: 'Squared difference (test copy).',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => {
      const d = g.sub(p, t);
      return g.mul(d, d);
    },
    reference: (p, t) => ({ data: p.data.map((v, i) => (v - t.data[i]!) ** 2), dims: p.dims }),
  }),
});

/** Seeded values in [min, max). */
export function seeded(length: number, seed: number, min = 0, max = 1): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return min + (state / 2 ** 32) * (max - min);
  });
}

/** Absolute difference, defined here for the same reason as {@link mse}. */
export const l1: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'l1',
  description: 'Absolute difference (test copy).',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.abs(g.sub(p, t)),
    reference: (p, t) => ({ data: p.data.map((v, i) => Math.abs(v - t.data[i]!)), dims: p.dims }),
  }),
});
