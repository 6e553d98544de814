import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

/** `mse()` takes no options. */
type MseSchema = Record<string, never>;

/**
 * Squared error `(prediction - target)^2` per element; with the `mean` reduction, the mean
 * squared error of PyTorch's `MSELoss` and TensorFlow.js's `meanSquaredError`. Large errors
 * weigh quadratically more than small ones, so outliers dominate.
 */
export const mse: LossPluginFactory<MseSchema> = defineLossPlugin({
  name: 'mse',
  description: 'Squared difference (prediction - target)^2 per element (mean squared error, L2 loss).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/mse#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => {
      const difference = g.sub(prediction, target);
      return g.mul(difference, difference);
    },
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => (p - target.data[i]!) ** 2),
      dims: prediction.dims,
    }),
  }),
});
