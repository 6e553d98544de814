import type { GraphBuilder, Value } from '@losskit/graph';

/**
 * Sums `grad` down to `shape`, undoing numpy broadcasting: leading axes that broadcasting added
 * are summed away, and axes where `shape` has 1 are summed with keepdims.
 */
export function unbroadcast(g: GraphBuilder, grad: Value, shape: readonly number[]): Value {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const lead = grad.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? g.reduceSum(grad, { axes, keepdims: true }) : grad;
  return summed.shape.length === shape.length ? summed : g.reshape(summed, shape);
}
