// Two small contract-v2 plugins for the runtime's tests: class-index targets and extra inputs.
import { type LossPluginFactory, defineLossPlugin, dimsWithoutAxis } from '@losskit/core';

/** `-prediction[n, target[n]]` over logits `[N, C]` and class indices `[N]`. */
export const pick: LossPluginFactory<{}> = defineLossPlugin({
  name: 'pick',
  description: '-prediction[n, target[n]]',
  options: {},
  create: () => ({
    inputs: {
      target: {
        type: 'integer',
        dims: dimsWithoutAxis(1),
        range: (dims) => ({ min: 0, max: dims[1]! - 1, description: `a class index in [0, ${dims[1]! - 1}]` }),
        description: 'class indices',
      },
    },
    elementwise: (g, prediction, target) => {
      const classes = prediction.shape[1]!;
      const labels = g.unsqueeze(g.cast(target, 'float32'), [1]);
      const range = g.constant(Float32Array.from({ length: classes }, (_, c) => c), 'float32', [1, classes]);
      return g.neg(g.reduceSum(g.mul(prediction, g.cast(g.equal(labels, range), 'float32')), { axes: [1], keepdims: false }));
    },
    reference: (prediction, target) => ({ data: target.data.map((t, n) => -prediction.data[n * prediction.dims[1]! + t]!), dims: target.dims }),
  }),
});

/** `prediction² - positive + 3 negative`, differentiable in all three, without a target. */
export const gap: LossPluginFactory<{}> = defineLossPlugin({
  name: 'gap',
  description: 'p² - positive + 3 negative',
  options: {},
  create: () => ({
    inputs: {
      positive: { type: 'float', differentiable: true, description: 'the positive' },
      negative: { type: 'float', differentiable: true, description: 'the negative' },
    },
    elementwise: (g, prediction, _target, inputs) => g.add(g.sub(g.mul(prediction, prediction), inputs.positive!), g.mul(inputs.negative!, 3)),
    reference: (prediction, _target, inputs) => ({
      data: prediction.data.map((p, i) => p * p - inputs.positive!.data[i]! + 3 * inputs.negative!.data[i]!),
      dims: prediction.dims,
    }),
  }),
});

/** `prediction²`, a regularizer: no target and no other input (`inputs: {}`). */
export const square: LossPluginFactory<{}> = defineLossPlugin({
  name: 'square',
  description: 'p²',
  options: {},
  create: () => ({
    inputs: {},
    elementwise: (g, prediction) => g.mul(prediction, prediction),
    reference: (prediction) => ({ data: prediction.data.map((p) => p * p), dims: prediction.dims }),
  }),
});
