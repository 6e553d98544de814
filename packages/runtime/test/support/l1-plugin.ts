// A plain L1 loss for the runtime's own tests. The published @losskit/loss-l1 cannot be a
// dependency here: its tests depend on the test kit, which depends on this runtime.
import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

export const l1: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'l1',
  description: 'Absolute difference per element (test copy).',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => Math.abs(p - target.data[i]!)),
      dims: prediction.dims,
    }),
  }),
});
