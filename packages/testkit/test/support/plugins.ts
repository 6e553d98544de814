// Plugins for the tester's own tests. @losskit/loss-l1 cannot be a dependency here (its tests
// depend on this package), so l1 is copied, and the broken plugins differ from it in one way each.
import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

type NoOptions = Record<string, never>;

const absoluteDifference = (prediction: { data: Float64Array; dims: readonly number[] }, target: { data: Float64Array }) => ({
  data: prediction.data.map((p, i) => Math.abs(p - target.data[i]!)),
  dims: prediction.dims,
});

/** A copy of @losskit/loss-l1. */
export const l1: LossPluginFactory<NoOptions> = defineLossPlugin({
  name: 'l1',
  description: 'Absolute difference per element (test copy).',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
    reference: absoluteDifference,
  }),
});

/** Its graph is 1.001 times its reference. */
export const scaledGraph: LossPluginFactory<NoOptions> = defineLossPlugin({
  name: 'scaled-graph',
  description: 'L1 whose graph is off by a factor 1.001.',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.mul(g.abs(g.sub(prediction, target)), 1.001),
    reference: absoluteDifference,
  }),
});

/** Right values, but a closed-form gradient that is half the true one where prediction < target. */
export const wrongGradient: LossPluginFactory<NoOptions> = defineLossPlugin({
  name: 'wrong-gradient',
  description: 'L1 with a wrong closed-form gradient.',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
    reference: absoluteDifference,
    gradient: (g, prediction, target, dLoss) => g.where(g.greater(prediction, target), dLoss, g.mul(g.neg(dLoss), 0.5)),
  }),
});

/** Right values, but its reference reports the elementwise loss flattened. */
export const flatReference: LossPluginFactory<NoOptions> = defineLossPlugin({
  name: 'flat-reference',
  description: 'L1 whose reference returns flattened dims.',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
    reference: (prediction, target) => ({ ...absoluteDifference(prediction, target), dims: [prediction.data.length] }),
  }),
});
