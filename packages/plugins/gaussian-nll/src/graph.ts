import type { GraphBuilder, LossValues, Value } from '@losskit/core';
import type { GaussianNllSettings } from './options';
import { checkVarianceDims, isShared } from './variance';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** `v = max(variance, ε)` and the error `d = prediction - target`, which the loss and its gradient share. */
function parts(g: GraphBuilder, inputs: LossValues, epsilon: number): { v: Value; d: Value } {
  const { prediction, target, variance } = inputs as Record<'prediction' | 'target' | 'variance', Value>;
  checkVarianceDims(prediction.shape, variance.shape);
  return { v: g.max(variance, epsilon), d: g.sub(prediction, target) };
}

/**
 * Gaussian negative log-likelihood per element, `(log v + d² / v) / 2` with `v = max(variance, ε)`
 * broadcast along the last axis when shared, plus `log(2π) / 2` with `full`.
 */
export function gaussianNllElementwise(g: GraphBuilder, inputs: LossValues, settings: GaussianNllSettings): Value {
  const { v, d } = parts(g, inputs, settings.epsilon);
  const loss = g.mul(g.add(g.log(v), g.div(g.mul(d, d), v)), 0.5);
  return settings.full ? g.add(loss, HALF_LOG_2PI) : loss;
}

/**
 * The closed-form gradient, PyTorch's: `dl · d / v` for the prediction and
 * `dl · (v - d²) / (2 v²)` for the variance, summed along the last axis when the variance is
 * shared. PyTorch clamps the variance in place under `no_grad`, so autograd never sees the
 * clamp: the variance's gradient is this same formula at `v = ε` for variances below `ε`, where
 * autodiff through Max would give 0.
 */
export function gaussianNllGradient(g: GraphBuilder, dLoss: Value, inputs: LossValues, settings: GaussianNllSettings): Record<string, Value> {
  const { v, d } = parts(g, inputs, settings.epsilon);
  const prediction = g.mul(dLoss, g.div(d, v));
  const variance = g.mul(dLoss, g.div(g.sub(v, g.mul(d, d)), g.mul(g.mul(v, v), 2)));
  const shared = isShared(inputs.prediction!.shape, inputs.variance!.shape);
  return { prediction, variance: shared ? g.reduceSum(variance, { axes: [inputs.prediction!.shape.length - 1], keepdims: true }) : variance };
}
