import { type ShapeInference, constantInts, input, intAttr, normalizeAxis } from './context';

/** Reduction ops of opset 18: `axes` is an optional constant input. */
const reduction: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const keepdims = intAttr(ctx, 'keepdims', 1) === 1;
  const hasAxes = ctx.inputs[1] !== undefined;
  let axes = hasAxes ? constantInts(ctx, 1, 'axes') : [];
  if (axes.length === 0) {
    if (intAttr(ctx, 'noop_with_empty_axes', 0) === 1) return [x];
    axes = x.shape.map((_, i) => i);
  }
  const reduced = new Set(axes.map((a) => normalizeAxis(ctx.op, a, x.shape.length)));
  const shape: number[] = [];
  x.shape.forEach((d, i) => {
    if (!reduced.has(i)) shape.push(d);
    else if (keepdims) shape.push(1);
  });
  return [{ dtype: x.dtype, shape }];
};

const argReduction: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const axis = normalizeAxis(ctx.op, intAttr(ctx, 'axis', 0), x.shape.length);
  const keepdims = intAttr(ctx, 'keepdims', 1) === 1;
  const shape = x.shape.flatMap((d, i) => (i !== axis ? [d] : keepdims ? [1] : []));
  return [{ dtype: 'int64', shape }];
};

export const REDUCE_OPS: Record<string, ShapeInference> = {
  ReduceSum: reduction,
  ReduceMean: reduction,
  ReduceMax: reduction,
  ReduceMin: reduction,
  ReduceProd: reduction,
  ReduceSumSquare: reduction,
  ReduceL1: reduction,
  ReduceL2: reduction,
  ReduceLogSumExp: reduction,
  ArgMax: argReduction,
  ArgMin: argReduction,
};
