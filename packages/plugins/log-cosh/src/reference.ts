import { type Float64Tensor, referenceReduceAxes, resolveAxes } from '@losskit/core';
import { AXIS_USE } from './graph';

/** `log(1 + e^z)` in float64, without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** `log(cosh(x))` in float64 by Keras's formula `x + softplus(-2x) - log 2`. */
function logCosh(x: number): number {
  return x + softplus(-2 * x) - Math.LN2;
}

/** Log-cosh in float64, from Keras's formula: `mean(log(cosh(p - t)), axis=-1)`. */
export function logCoshReference(prediction: Float64Tensor, target: Float64Tensor): Float64Tensor {
  const [p, t] = [prediction.data, target.data];
  const axes = resolveAxes(prediction.dims, [-1], AXIS_USE);
  return referenceReduceAxes(prediction.dims, axes, (ix) => ix.reduce((sum, i) => sum + logCosh(p[i]! - t[i]!), 0) / ix.length);
}
