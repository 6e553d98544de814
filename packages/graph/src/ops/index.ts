import type { ShapeInference } from './context';
import { EINSUM_OPS } from './einsum';
import { ELEMENTWISE_OPS } from './elementwise';
import { NN_OPS } from './nn';
import { RECURRENT_OPS } from './recurrent';
import { REDUCE_OPS } from './reduce';
import { RESIZE_OPS } from './resize';
import { SHAPE_OPS } from './shape';

/** Shape inference for every default-domain operator losskit understands. */
export const SHAPE_INFERENCE: Readonly<Record<string, ShapeInference>> = {
  ...ELEMENTWISE_OPS,
  ...REDUCE_OPS,
  ...SHAPE_OPS,
  ...NN_OPS,
  ...EINSUM_OPS,
  ...RESIZE_OPS,
  ...RECURRENT_OPS,
};

export type { InferenceContext, ShapeInference, TensorType } from './context';
export type { EinsumLabels } from './einsum';
export type { ResizeGeometry } from './resize';
export { broadcastShapes, broadcastsTo } from './broadcast';
export { einsumLabels } from './einsum';
export { resizeGeometry } from './resize';
