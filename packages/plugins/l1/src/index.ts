import { type LossPluginFactory, defineLossPlugin } from '@losskit/core';

/** `l1()` takes no options. */
type L1Schema = Record<string, never>;

/**
 * Pixel L1 loss: the absolute difference `|prediction - target|` per element. Every element of
 * every channel counts, so two images are "equal" only when every pixel value matches.
 */
export const l1: LossPluginFactory<L1Schema> = defineLossPlugin({
  name: 'l1',
  description: 'Absolute difference |prediction - target| per element (pixel L1, mean absolute error).',
  docs: 'https://github.com/losskit/losskit/tree/main/packages/plugins/l1#readme',
  options: {},
  create: () => ({
    elementwise: (g, prediction, target) => g.abs(g.sub(prediction, target)),
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => Math.abs(p - target.data[i]!)),
      dims: prediction.dims,
    }),
  }),
});
