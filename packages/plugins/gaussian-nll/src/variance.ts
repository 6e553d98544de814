import { type GraphBuilder, InvalidInputError, type LossInputSpec, type LossInputs, type Value } from '@losskit/core';

const VARIANCE_DIMS = "the prediction's dims, or 1 along the last axis (one variance shared by each row)";

/**
 * The `variance` input: float, differentiable, the prediction's dims with the last axis free, so
 * that both PyTorch's heteroscedastic `[..., D]` and homoscedastic `[..., 1]` layouts pass the
 * core dims check; {@link checkVarianceDims} then accepts only `D` or `1` there.
 */
export const varianceInput: LossInputSpec = {
  type: 'float',
  differentiable: true,
  dims: (dims) => (dims.length === 0 ? [] : [...dims.slice(0, -1), undefined]),
  description: `the predicted variances (>= 0): ${VARIANCE_DIMS}`,
};

/** Whether a variance of dims `varianceDims` is shared along the prediction's last axis (`[..., 1]` for `[..., D]`, D > 1). */
export function isShared(predictionDims: readonly number[], varianceDims: readonly number[]): boolean {
  return predictionDims.length > 0 && varianceDims.at(-1) === 1 && predictionDims.at(-1) !== 1;
}

/** Refuses a variance whose last axis is neither the prediction's nor 1 (the other axes are checked by core). */
export function checkVarianceDims(predictionDims: readonly number[], varianceDims: readonly number[]): void {
  const last = varianceDims.at(-1);
  if (predictionDims.length > 0 && last !== predictionDims.at(-1) && last !== 1) {
    const rows = predictionDims.slice(0, -1);
    throw new InvalidInputError(
      'variance.dims',
      `[${[...rows, predictionDims.at(-1)].join(', ')}] or [${[...rows, 1].join(', ')}] (${VARIANCE_DIMS})`,
      `[${varianceDims.join(', ')}]`,
      `Axis ${varianceDims.length - 1} has size ${last}`,
    );
  }
}

/** Variances must be >= 0, as PyTorch requires (0 is clamped to epsilon); the last axis must be D or 1. */
export function validateGaussianNll({ prediction, variance }: LossInputs): void {
  checkVarianceDims(prediction.dims, variance!.dims);
  const data = variance!.data;
  for (let i = 0; i < data.length; i++) {
    if (!(data[i]! >= 0)) throw new InvalidInputError(`variance.data[${i}]`, 'a variance >= 0', data[i]);
  }
}

/**
 * The graph form of the value check of {@link validateGaussianNll}: 0 when no variance is
 * negative, +Infinity otherwise (the dims are checked when the graph is built). When it is not
 * finite, the session runs `validateGaussianNll` for the precise error.
 */
export function varianceCheck(g: GraphBuilder, variance: Value): Value {
  return g.where(g.greaterOrEqual(g.reduceMin(variance, { keepdims: false }), 0), g.constant(0), Number.POSITIVE_INFINITY);
}
