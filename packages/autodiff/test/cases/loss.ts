import type { GradientCase } from '../support/check';

/** Whole losses built from the ops the losskit plugins use, differentiated end to end. */
export const lossCases: readonly GradientCase[] = [
  {
    name: 'L1 mean loss (prediction and target)',
    inputs: [{ shape: [2, 3, 4, 4] }, { shape: [2, 3, 4, 4] }],
    build: (g, p, t) => g.reduceMean(g.abs(g.sub(p!, t!)), { keepdims: false }),
  },
  {
    name: 'weighted MSE, weighted_mean reduction',
    inputs: [{ shape: [4, 3] }, { shape: [4, 3], differentiate: false }, { shape: [4, 1], range: [0.5, 2] }],
    build: (g, p, t, w) => g.div(g.reduceSum(g.mul(w!, g.pow(g.sub(p!, t!), 2))), g.reduceSum(g.expand(w!, [4, 3]))),
  },
  {
    name: 'BCE on probabilities, log clamped at -100',
    inputs: [{ shape: [3, 4], range: [0.05, 0.95] }, { shape: [3, 4], range: [0, 1], differentiate: false }],
    build: (g, p, t) => {
      const logP = g.max(g.log(p!), -100);
      const log1mP = g.max(g.log(g.sub(1, p!)), -100);
      return g.neg(g.add(g.mul(t!, logP), g.mul(g.sub(1, t!), log1mP)));
    },
  },
  {
    name: 'BCE with logits, stable form max(x,0) - x*y + log(1 + exp(-|x|))',
    inputs: [{ shape: [3, 4], range: [-4, 4] }, { shape: [3, 4], range: [0, 1] }],
    build: (g, x, y) => g.add(g.sub(g.max(x!, 0), g.mul(x!, y!)), g.log(g.add(g.exp(g.neg(g.abs(x!))), 1))),
  },
  {
    name: 'Huber loss with Where and Less',
    inputs: [{ shape: [3, 5], range: [-2, 2] }, { shape: [3, 5], differentiate: false, data: new Array<number>(15).fill(0) }],
    build: (g, p, t) => {
      const d = g.sub(p!, t!);
      const a = g.abs(d);
      return g.where(g.less(a, 1), g.mul(g.mul(d, d), 0.5), g.sub(a, 0.5));
    },
  },
  {
    name: 'masked mean with Equal, Cast and Max',
    inputs: [{ shape: [2, 4] }, { shape: [2, 4], differentiate: false, data: [0, 0.5, 0, -0.25, 0.75, 0, 0, 1] }],
    build: (g, p, t) => {
      const mask = g.cast(g.equal(t!, 0), 'float32');
      return g.div(g.reduceSum(g.mul(mask, g.pow(g.sub(p!, t!), 2))), g.max(g.reduceSum(mask), 1));
    },
  },
  {
    name: 'Charbonnier sqrt((p - t)^2 + eps)',
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
    build: (g, p, t) => g.sqrt(g.add(g.pow(g.sub(p!, t!), 2), 1e-3)),
  },
  {
    name: 'Min of Clip with Greater selecting branches',
    inputs: [{ shape: [3, 4], range: [-0.5, 1.5] }, { shape: [3, 4] }],
    build: (g, p, t) => g.where(g.greater(p!, t!), g.min(g.clip(p!, 0, 1), t!), g.neg(g.mul(p!, t!))),
  },
  {
    name: 'luma-style channel weighting with ReduceSum over channels',
    inputs: [{ shape: [2, 3, 2, 2] }, { shape: [2, 3, 2, 2] }],
    build: (g, p, t) => {
      const coefficients = g.constant([0.299, 0.587, 0.114], 'float32', [1, 3, 1, 1]);
      const luma = (x: typeof p) => g.reduceSum(g.mul(x!, coefficients), { axes: [1], keepdims: true });
      return g.reduceMean(g.abs(g.sub(luma(p), luma(t))), { keepdims: false });
    },
  },
];
