import { type DType, dtypeFromCode } from '../dtype';
import { ShapeError } from '../errors';
import { formatDims, numel } from '../host-tensor';
import type { Tensor } from '../ir';
import { broadcastShapes } from './broadcast';
import {
  type ShapeInference,
  type TensorType,
  constantInts,
  input,
  intAttr,
  intsAttr,
  normalizeAxis,
} from './context';

const reshape: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const requested = constantInts(ctx, 1, 'shape');
  const allowZero = intAttr(ctx, 'allowzero', 0) === 1;
  const shape = requested.map((d, i) => (d === 0 && !allowZero ? (x.shape[i] ?? 0) : d));
  const inferred = shape.indexOf(-1);
  if (inferred !== -1) {
    const known = numel(shape.filter((_, i) => i !== inferred));
    if (known === 0 || numel(x.shape) % known !== 0) {
      throw new ShapeError(ctx.op, `cannot reshape ${formatDims(x.shape)} to ${formatDims(requested)}`);
    }
    shape[inferred] = numel(x.shape) / known;
  }
  if (numel(shape) !== numel(x.shape)) {
    throw new ShapeError(ctx.op, `cannot reshape ${formatDims(x.shape)} (${numel(x.shape)} elements) to ${formatDims(requested)}`);
  }
  return [{ dtype: x.dtype, shape }];
};

const transpose: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const perm = intsAttr(ctx, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  if (perm.length !== x.shape.length || new Set(perm).size !== perm.length) {
    throw new ShapeError(ctx.op, `perm ${formatDims(perm)} is not a permutation of rank ${x.shape.length}`);
  }
  return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[normalizeAxis(ctx.op, p, x.shape.length)]!) }];
};

const slice: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const starts = constantInts(ctx, 1, 'starts');
  const ends = constantInts(ctx, 2, 'ends');
  const axes = ctx.inputs[3] ? constantInts(ctx, 3, 'axes') : starts.map((_, i) => i);
  const steps = ctx.inputs[4] ? constantInts(ctx, 4, 'steps') : starts.map(() => 1);
  const shape = [...x.shape];
  axes.forEach((rawAxis, i) => {
    const axis = normalizeAxis(ctx.op, rawAxis, x.shape.length);
    const dim = x.shape[axis]!;
    const step = steps[i]!;
    if (step === 0) throw new ShapeError(ctx.op, 'steps must not be 0');
    const clampIndex = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
    const [start, end] =
      step > 0
        ? [clampIndex(starts[i]!, 0, dim), clampIndex(ends[i]!, 0, dim)]
        : [clampIndex(starts[i]!, -1, dim - 1), clampIndex(ends[i]!, -1, dim - 1)];
    shape[axis] = Math.max(0, Math.ceil((end - start) / step));
  });
  return [{ dtype: x.dtype, shape }];
};

const concat: ShapeInference = (ctx) => {
  const types = ctx.inputs.filter((t): t is TensorType => t !== undefined);
  const first = types[0];
  if (!first) throw new ShapeError(ctx.op, 'needs at least one input');
  const axis = normalizeAxis(ctx.op, intAttr(ctx, 'axis', 0), first.shape.length);
  const shape = [...first.shape];
  shape[axis] = 0;
  for (const t of types) {
    const mismatch = t.shape.length !== first.shape.length || t.shape.some((d, i) => i !== axis && d !== first.shape[i]);
    if (mismatch || t.dtype !== first.dtype) {
      throw new ShapeError(ctx.op, `inputs ${types.map((x) => `${x.dtype}${formatDims(x.shape)}`).join(', ')} differ outside axis ${axis}`);
    }
    shape[axis]! += t.shape[axis]!;
  }
  return [{ dtype: first.dtype, shape }];
};

const unsqueeze: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const axes = constantInts(ctx, 1, 'axes');
  const rank = x.shape.length + axes.length;
  const inserted = new Set(axes.map((a) => normalizeAxis(ctx.op, a, rank)));
  const shape: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) shape.push(inserted.has(i) ? 1 : x.shape[next++]!);
  return [{ dtype: x.dtype, shape }];
};

const squeeze: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const axes = ctx.inputs[1]
    ? constantInts(ctx, 1, 'axes').map((a) => normalizeAxis(ctx.op, a, x.shape.length))
    : x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new ShapeError(ctx.op, `cannot squeeze axis ${a} of size ${x.shape[a]} in ${formatDims(x.shape)}`);
  }
  return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !axes.includes(i)) }];
};

const expand: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  return [{ dtype: x.dtype, shape: broadcastShapes(ctx.op, x.shape, constantInts(ctx, 1, 'shape')) }];
};

const flatten: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const rank = x.shape.length;
  const raw = intAttr(ctx, 'axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis > rank) throw new ShapeError(ctx.op, `axis ${raw} is out of range for rank ${rank}`);
  return [{ dtype: x.dtype, shape: [numel(x.shape.slice(0, axis)), numel(x.shape.slice(axis))] }];
};

const gather: ShapeInference = (ctx) => {
  const [x, indices] = [input(ctx, 0), input(ctx, 1)];
  const axis = normalizeAxis(ctx.op, intAttr(ctx, 'axis', 0), x.shape.length);
  return [{ dtype: x.dtype, shape: [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)] }];
};

/** GatherElements and ScatterElements: indices of the data's rank (ScatterElements: updates of the indices' shape). */
const elementsIndices = (ctx: Parameters<ShapeInference>[0], updates: boolean): TensorType[] => {
  const [x, indices] = [input(ctx, 0), input(ctx, 1)];
  normalizeAxis(ctx.op, intAttr(ctx, 'axis', 0), x.shape.length);
  if (indices.shape.length !== x.shape.length) {
    throw new ShapeError(ctx.op, `indices ${formatDims(indices.shape)} must have the rank of the data ${formatDims(x.shape)}`);
  }
  if (!updates) return [{ dtype: x.dtype, shape: [...indices.shape] }];
  const u = input(ctx, 2);
  if (formatDims(u.shape) !== formatDims(indices.shape)) {
    throw new ShapeError(ctx.op, `updates ${formatDims(u.shape)} must have the shape of the indices ${formatDims(indices.shape)}`);
  }
  return [{ dtype: x.dtype, shape: [...x.shape] }];
};

const pad: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const pads = constantInts(ctx, 1, 'pads');
  const axes = ctx.inputs[3] ? constantInts(ctx, 3, 'axes').map((a) => normalizeAxis(ctx.op, a, x.shape.length)) : x.shape.map((_, i) => i);
  if (pads.length !== 2 * axes.length) throw new ShapeError(ctx.op, `pads has ${pads.length} values for ${axes.length} axes`);
  const shape = [...x.shape];
  axes.forEach((axis, i) => {
    shape[axis] = shape[axis]! + pads[i]! + pads[i + axes.length]!;
  });
  return [{ dtype: x.dtype, shape }];
};

function constantTensor(ctx: Parameters<ShapeInference>[0]): { dtype: DType; shape: number[] } {
  const a = ctx.attributes;
  const value = a.value;
  if (value?.type === 'tensor') return { dtype: (value.value as Tensor).dtype, shape: [...(value.value as Tensor).dims] };
  if (a.value_float) return { dtype: 'float32', shape: [] };
  if (a.value_int) return { dtype: 'int64', shape: [] };
  if (a.value_floats?.type === 'floats') return { dtype: 'float32', shape: [a.value_floats.value.length] };
  if (a.value_ints?.type === 'ints') return { dtype: 'int64', shape: [a.value_ints.value.length] };
  throw new ShapeError(ctx.op, 'needs a value, value_float(s) or value_int(s) attribute');
}

/** Split (opset 18): sizes from the constant `split` input, or `num_outputs` near-equal parts. */
const split: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const axis = normalizeAxis(ctx.op, intAttr(ctx, 'axis', 0), x.shape.length);
  const dim = x.shape[axis]!;
  let sizes: number[];
  if (ctx.inputs[1]) sizes = constantInts(ctx, 1, 'split');
  else {
    const parts = intAttr(ctx, 'num_outputs', 0);
    if (parts <= 0) throw new ShapeError(ctx.op, 'needs a split input or a num_outputs attribute');
    const size = Math.ceil(dim / parts);
    sizes = Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(size, dim - i * size)));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dim) throw new ShapeError(ctx.op, `split sizes ${formatDims(sizes)} do not add up to ${dim}`);
  return sizes.map((size) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === axis ? size : d)) }));
};

export const SHAPE_OPS: Record<string, ShapeInference> = {
  Split: split,
  Range: (ctx) => {
    const [start, limit, delta] = [0, 1, 2].map((i) => constantInts(ctx, i, ['start', 'limit', 'delta'][i]!)[0]!);
    return [{ dtype: input(ctx, 0).dtype, shape: [Math.max(0, Math.ceil((limit! - start!) / delta!))] }];
  },
  Reshape: reshape,
  Transpose: transpose,
  Slice: slice,
  Concat: concat,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Expand: expand,
  Flatten: flatten,
  Gather: gather,
  GatherElements: (ctx) => elementsIndices(ctx, false),
  ScatterElements: (ctx) => elementsIndices(ctx, true),
  Pad: pad,
  Constant: (ctx) => [constantTensor(ctx)],
  Shape: (ctx) => {
    const rank = input(ctx, 0).shape.length;
    const start = intAttr(ctx, 'start', 0);
    const end = intAttr(ctx, 'end', rank);
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
    return [{ dtype: 'int64', shape: [Math.max(0, clamp(end) - clamp(start))] }];
  },
  Size: () => [{ dtype: 'int64', shape: [] }],
  ConstantOfShape: (ctx) => {
    const value = ctx.attributes.value;
    const dtype = value?.type === 'tensor' ? value.value.dtype : 'float32';
    return [{ dtype, shape: constantInts(ctx, 0, 'shape') }];
  },
  Tile: (ctx) => {
    const x = input(ctx, 0);
    const repeats = constantInts(ctx, 1, 'repeats');
    return [{ dtype: x.dtype, shape: x.shape.map((d, i) => d * (repeats[i] ?? 1)) }];
  },
  // Trilu (causal masks) keeps a triangle of the last two axes; CumSum sums along one axis.
  Trilu: (ctx) => {
    const x = input(ctx, 0);
    if (x.shape.length < 2) throw new ShapeError(ctx.op, `expected an input of rank 2 or more, received dims ${formatDims(x.shape)}`);
    return [x];
  },
  CumSum: (ctx) => [input(ctx, 0)],
  EyeLike: (ctx) => {
    const x = input(ctx, 0);
    const code = intAttr(ctx, 'dtype', 0);
    return [{ dtype: (code && dtypeFromCode(code)) || x.dtype, shape: x.shape }];
  },
};
