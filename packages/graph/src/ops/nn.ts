import { ShapeError } from '../errors';
import { formatDims } from '../host-tensor';
import { broadcastShapes } from './broadcast';
import {
  type InferenceContext,
  type ShapeInference,
  type TensorType,
  input,
  intAttr,
  intsAttr,
  stringAttr,
} from './context';

const matMul: ShapeInference = (ctx) => {
  const [a, b] = [input(ctx, 0), input(ctx, 1)];
  if (a.dtype !== b.dtype) throw new ShapeError(ctx.op, `operands must share one dtype, received ${a.dtype} and ${b.dtype}`);
  if (a.shape.length === 0 || b.shape.length === 0) throw new ShapeError(ctx.op, 'operands must have rank >= 1');
  const aShape = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const bShape = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  const k = aShape[aShape.length - 1]!;
  if (k !== bShape[bShape.length - 2]) {
    throw new ShapeError(ctx.op, `inner dimensions differ: ${formatDims(a.shape)} x ${formatDims(b.shape)}`);
  }
  const batch = broadcastShapes(ctx.op, aShape.slice(0, -2), bShape.slice(0, -2));
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(aShape[aShape.length - 2]!);
  if (b.shape.length > 1) shape.push(bShape[bShape.length - 1]!);
  return [{ dtype: a.dtype, shape }];
};

const gemm: ShapeInference = (ctx) => {
  const [a, b] = [input(ctx, 0), input(ctx, 1)];
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new ShapeError(ctx.op, `A and B must be matrices, received ${formatDims(a.shape)} and ${formatDims(b.shape)}`);
  }
  const [m, k] = intAttr(ctx, 'transA', 0) ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [k2, n] = intAttr(ctx, 'transB', 0) ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== k2) throw new ShapeError(ctx.op, `inner dimensions differ: ${formatDims(a.shape)} x ${formatDims(b.shape)} (transA=${intAttr(ctx, 'transA', 0)}, transB=${intAttr(ctx, 'transB', 0)})`);
  const c = ctx.inputs[2];
  if (c) broadcastShapes(ctx.op, c.shape, [m, n]);
  return [{ dtype: a.dtype, shape: [m, n] }];
};

interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly number[];
  readonly autoPad: string;
}

function windowAttributes(ctx: InferenceContext, kernel: readonly number[]): Window {
  const spatial = kernel.length;
  const ones = kernel.map(() => 1);
  const window: Window = {
    kernel,
    strides: intsAttr(ctx, 'strides') ?? ones,
    dilations: intsAttr(ctx, 'dilations') ?? ones,
    pads: intsAttr(ctx, 'pads') ?? [...ones.map(() => 0), ...ones.map(() => 0)],
    autoPad: stringAttr(ctx, 'auto_pad', 'NOTSET'),
  };
  if (window.strides.length !== spatial || window.dilations.length !== spatial || window.pads.length !== 2 * spatial) {
    throw new ShapeError(ctx.op, `strides, dilations and pads must match ${spatial} spatial dimensions`);
  }
  return window;
}

/** Output size of a sliding window along each spatial axis (Conv and pooling). */
function slidingOutput(ctx: InferenceContext, spatialIn: readonly number[], w: Window, ceilMode: boolean): number[] {
  const spatial = spatialIn.length;
  return spatialIn.map((size, i) => {
    const stride = w.strides[i]!;
    const effective = (w.kernel[i]! - 1) * w.dilations[i]! + 1;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(size / stride);
    const padded = w.autoPad === 'VALID' ? size : size + w.pads[i]! + w.pads[i + spatial]!;
    const round = ceilMode ? Math.ceil : Math.floor;
    let out = round((padded - effective) / stride) + 1;
    // With ceil_mode, a last window that would start inside the end padding is dropped
    // (PyTorch and ONNX Runtime agree on this).
    if (ceilMode && (out - 1) * stride >= size + w.pads[i]!) out--;
    if (out <= 0) throw new ShapeError(ctx.op, `window of ${effective} does not fit spatial size ${size} (padded ${padded})`);
    return out;
  });
}

const conv: ShapeInference = (ctx) => {
  const [x, w] = [input(ctx, 0), input(ctx, 1)];
  if (x.shape.length < 3 || w.shape.length !== x.shape.length) {
    throw new ShapeError(ctx.op, `X ${formatDims(x.shape)} and W ${formatDims(w.shape)} must both be [N, C, spatial...]`);
  }
  const group = intAttr(ctx, 'group', 1);
  if (x.shape[1] !== w.shape[1]! * group) {
    throw new ShapeError(ctx.op, `X has ${x.shape[1]} channels but W ${formatDims(w.shape)} with group ${group} expects ${w.shape[1]! * group}`);
  }
  const kernel = intsAttr(ctx, 'kernel_shape') ?? w.shape.slice(2);
  const window = windowAttributes(ctx, kernel);
  return [{ dtype: x.dtype, shape: [x.shape[0]!, w.shape[0]!, ...slidingOutput(ctx, x.shape.slice(2), window, false)] }];
};

const convTranspose: ShapeInference = (ctx) => {
  const [x, w] = [input(ctx, 0), input(ctx, 1)];
  if (x.shape.length < 3 || w.shape.length !== x.shape.length) {
    throw new ShapeError(ctx.op, `X ${formatDims(x.shape)} and W ${formatDims(w.shape)} must both be [N, C, spatial...]`);
  }
  const group = intAttr(ctx, 'group', 1);
  if (x.shape[1] !== w.shape[0]) {
    throw new ShapeError(ctx.op, `X has ${x.shape[1]} channels but W ${formatDims(w.shape)} expects ${w.shape[0]}`);
  }
  const channels = w.shape[1]! * group;
  const outputShape = intsAttr(ctx, 'output_shape');
  if (outputShape) return [{ dtype: x.dtype, shape: [x.shape[0]!, channels, ...outputShape.slice(-(x.shape.length - 2))] }];
  const kernel = intsAttr(ctx, 'kernel_shape') ?? w.shape.slice(2);
  const window = windowAttributes(ctx, kernel);
  const outputPadding = intsAttr(ctx, 'output_padding') ?? kernel.map(() => 0);
  const spatial = kernel.length;
  const sizes = x.shape.slice(2).map((size, i) => {
    const stride = window.strides[i]!;
    if (window.autoPad === 'SAME_UPPER' || window.autoPad === 'SAME_LOWER') return size * stride;
    const effective = (kernel[i]! - 1) * window.dilations[i]! + 1;
    return stride * (size - 1) + outputPadding[i]! + effective - window.pads[i]! - window.pads[i + spatial]!;
  });
  return [{ dtype: x.dtype, shape: [x.shape[0]!, channels, ...sizes] }];
};

const pool: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  const kernel = intsAttr(ctx, 'kernel_shape');
  if (!kernel) throw new ShapeError(ctx.op, 'kernel_shape is required');
  const window = windowAttributes(ctx, kernel);
  const spatial = slidingOutput(ctx, x.shape.slice(2), window, intAttr(ctx, 'ceil_mode', 0) === 1);
  const out: TensorType = { dtype: x.dtype, shape: [x.shape[0]!, x.shape[1]!, ...spatial] };
  return ctx.op === 'MaxPool' ? [out, { dtype: 'int64', shape: out.shape }] : [out];
};

const globalPool: ShapeInference = (ctx) => {
  const x = input(ctx, 0);
  return [{ dtype: x.dtype, shape: x.shape.map((d, i) => (i < 2 ? d : 1)) }];
};

export const NN_OPS: Record<string, ShapeInference> = {
  MatMul: matMul,
  Gemm: gemm,
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  // Y, then the Mean and InvStdDev outputs: x's shape with the normalised axes set to 1.
  LayerNormalization: (ctx) => {
    const x = input(ctx, 0);
    const raw = intAttr(ctx, 'axis', -1);
    const axis = raw < 0 ? raw + x.shape.length : raw;
    const stats = { dtype: x.dtype, shape: x.shape.map((d, i) => (i < axis ? d : 1)) };
    return [x, stats, stats];
  },
  InstanceNormalization: (ctx) => [input(ctx, 0)],
  // Training mode adds the updated running mean and variance ([C] each).
  BatchNormalization: (ctx) => {
    const x = input(ctx, 0);
    if (intAttr(ctx, 'training_mode', 0) !== 1) return [x];
    const stats = { dtype: x.dtype, shape: [x.shape[1] ?? 1] };
    return [x, stats, stats];
  },
};
