import { type LossPluginFactory, type OptionSpec, defineLossPlugin, option } from '@losskit/core';

/** The options of {@link {{factoryName}}}. */
export type {{typeName}}Schema = {
  /** Where the loss turns from quadratic to linear. Default `1`. */
  readonly delta: OptionSpec<number>;
};

const schema: {{typeName}}Schema = {
  delta: option.number({
    description: 'The error size where the loss turns from quadratic to linear.',
    default: 1,
    min: 0,
    exclusiveMin: true,
  }),
};

/**
 * The Huber loss of PyTorch's `HuberLoss`, per element, with `d = prediction - target`:
 * `0.5 d^2` where `|d| < delta`, else `delta (|d| - 0.5 delta)`. Quadratic near zero like MSE,
 * linear for large errors like L1, so outliers weigh less than with MSE.
 *
 * Replace it with your loss: emit its ONNX ops in `elementwise`, write the same formula in
 * float64 JavaScript in `reference` (the test kit checks one against the other on every
 * provider), and let autodiff derive the gradient.
 */
export const {{factoryName}}: LossPluginFactory<{{typeName}}Schema> = defineLossPlugin({
  name: '{{pluginName}}',
  description: 'Huber loss: quadratic for errors below delta and linear beyond, so outliers weigh less than with MSE.',
  docs: 'https://www.npmjs.com/package/{{packageName}}',
  options: schema,
  create: ({ delta }) => ({
    elementwise: (g, prediction, target) => {
      const d = g.sub(prediction, target);
      const size = g.abs(d);
      // Both branches, then Where: standard ops that every provider runs and autodiff differentiates.
      return g.where(g.less(size, delta), g.mul(g.mul(d, d), 0.5), g.mul(g.sub(size, 0.5 * delta), delta));
    },
    reference: (prediction, target) => ({
      data: prediction.data.map((p, i) => {
        const size = Math.abs(p - target.data[i]!);
        return size < delta ? 0.5 * size * size : delta * (size - 0.5 * delta);
      }),
      dims: prediction.dims,
    }),
  }),
});
