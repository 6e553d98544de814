// Resize (opset 18 form: inputs X, roi, scales, sizes; attributes axes and
// keep_aspect_ratio_policy). The geometry is shared: shape inference needs the output size, the
// gradient rule in @losskit/autodiff needs the per-axis scale the coordinate transform uses.
import { type Attributes, attributeValue } from '../attributes';
import type { TypedArray } from '../dtype';
import { ShapeError } from '../errors';
import { formatDims } from '../host-tensor';
import { type ShapeInference, input, normalizeAxis, stringAttr } from './context';

/** The resolved geometry of one Resize node. */
export interface ResizeGeometry {
  /** The output's dims. */
  readonly outputShape: readonly number[];
  /**
   * The scale of every axis as the coordinate transformation uses it (1 for axes not resized):
   * the given scale, or output/input when `sizes` was given (ONNX Runtime does the same).
   */
  readonly scales: readonly number[];
}

const POLICIES = ['stretch', 'not_larger', 'not_smaller'];

/** The values of an optional constant input; an empty tensor counts as absent (ONNX allows both). */
function given(t: TypedArray | undefined): number[] | undefined {
  return t && t.length > 0 ? Array.from(t as ArrayLike<number | bigint>, Number) : undefined;
}

/**
 * Resolves a Resize node's output shape and scales from its input shape, its `scales` or `sizes`
 * data (exactly one, the other absent or empty) and its attributes, as the ONNX specification
 * (opset 18) defines them: output = floor(input * scale) with float32 arithmetic as ONNX Runtime
 * computes it; `keep_aspect_ratio_policy` turns `sizes` into one common scale.
 */
export function resizeGeometry(
  inputShape: readonly number[],
  attributes: Attributes,
  scales: TypedArray | undefined,
  sizes: TypedArray | undefined,
): ResizeGeometry {
  const op = 'Resize';
  const rank = inputShape.length;
  const scaleValues = given(scales);
  const sizeValues = given(sizes);
  if ((scaleValues === undefined) === (sizeValues === undefined)) {
    throw new ShapeError(op, 'exactly one of scales (input 2) and sizes (input 3) must be given, as a constant');
  }
  const axes = attributeValue(attributes, 'axes', 'ints')?.map((axis) => normalizeAxis(op, axis, rank)) ?? inputShape.map((_, i) => i);
  if (new Set(axes).size !== axes.length) throw new ShapeError(op, `axes ${formatDims(axes)} repeat an axis`);
  const values = (scaleValues ?? sizeValues)!;
  if (values.length !== axes.length) {
    throw new ShapeError(op, `${scaleValues ? 'scales' : 'sizes'} has ${values.length} values for ${axes.length} axes of input ${formatDims(inputShape)}`);
  }
  const outputShape = [...inputShape];
  const scaleOf = inputShape.map(() => 1);
  if (scaleValues) {
    axes.forEach((axis, i) => {
      const scale = scaleValues[i]!;
      if (!(scale > 0)) throw new ShapeError(op, `scales must be positive, received ${scale} for axis ${axis}`);
      scaleOf[axis] = scale;
      outputShape[axis] = Math.floor(Math.fround(inputShape[axis]! * scale));
    });
    return { outputShape, scales: scaleOf };
  }
  const policy = attributeValue(attributes, 'keep_aspect_ratio_policy', 'string') ?? 'stretch';
  if (!POLICIES.includes(policy)) throw new ShapeError(op, `keep_aspect_ratio_policy must be one of ${POLICIES.join(', ')}, received "${policy}"`);
  if (sizeValues!.some((s) => !Number.isInteger(s) || s <= 0)) throw new ShapeError(op, `sizes must be positive integers, received ${formatDims(sizeValues!)}`);
  if (policy === 'stretch') {
    axes.forEach((axis, i) => {
      outputShape[axis] = sizeValues![i]!;
      scaleOf[axis] = Math.fround(sizeValues![i]! / inputShape[axis]!);
    });
    return { outputShape, scales: scaleOf };
  }
  const ratios = axes.map((axis, i) => sizeValues![i]! / inputShape[axis]!);
  const common = Math.fround(policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios));
  for (const axis of axes) {
    scaleOf[axis] = common;
    outputShape[axis] = Math.round(common * inputShape[axis]!);
  }
  return { outputShape, scales: scaleOf };
}

const resize: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const mode = stringAttr(ctx, 'mode', 'nearest');
  if (!['nearest', 'linear', 'cubic'].includes(mode)) throw new ShapeError(ctx.op, `mode must be nearest, linear or cubic, received "${mode}"`);
  if (ctx.inputs[2] && !ctx.constant(2) && (ctx.inputs[2].shape[0] ?? 0) > 0) {
    throw new ShapeError(ctx.op, 'scales (input 2) must be a constant for static shape inference');
  }
  if (ctx.inputs[3] && !ctx.constant(3)) throw new ShapeError(ctx.op, 'sizes (input 3) must be a constant for static shape inference');
  return [{ dtype: x.dtype, shape: resizeGeometry(x.shape, ctx.attributes, ctx.constant(2), ctx.constant(3)).outputShape }];
};

export const RESIZE_OPS: Record<string, ShapeInference> = { Resize: resize };
