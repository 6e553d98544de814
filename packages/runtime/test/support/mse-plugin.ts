// A plain squared error for the runtime's own tests (see l1-plugin.ts for why not the package).
import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

export const mse: LossPluginFactory<Record<string, never>> = defineLossPlugin({
  name: 'mse',
  description: 'Squared difference per element (test copy).',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.mul(g.sub(prediction, target), g.sub(prediction, target)),
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => (p - target.data[i]!) ** 2),
      dims: prediction.dims,
    }),
  }),
});
