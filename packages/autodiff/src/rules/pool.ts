import { type GraphBuilder, type Value, attributeValue } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';
import { type Window, slidingWindow } from './window';

/**
 * How many cells each output position of an AveragePool divides by, along one axis: the window's
 * taps that fall inside the input (`count_include_pad = 0`) or inside the padded input
 * (`count_include_pad = 1`; with `ceil_mode`, a last window that overhangs the end padding
 * counts only the taps up to it, as ONNX Runtime does).
 */
function divisors(outSize: number, size: number, kernel: number, stride: number, dilation: number, begin: number, end: number, includePad: boolean): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    let count = 0;
    for (let k = 0; k < kernel; k++) {
      const p = o * stride - begin + k * dilation;
      if (includePad ? p < size + end : p >= 0 && p < size) count++;
    }
    return count;
  });
}

/** A pooling node's input, kernel, input and output spatial sizes, and resolved window. */
function poolGeometry(ctx: GradientContext): { x: Value; kernel: readonly number[]; input: number[]; out: number[]; window: Window } {
  const x = ctx.inputs[0]!;
  const kernel = attributeValue(ctx.node.attributes, 'kernel_shape', 'ints') ?? [];
  const input = x.shape.slice(2);
  return { x, kernel, input, out: ctx.outputs[0]!.shape.slice(2), window: slidingWindow(ctx.node, input, kernel) };
}

/**
 * AveragePool: every output's gradient, divided by its window's divisor, is spread back over the
 * window, which is a ConvTranspose with a constant all-ones kernel per channel (group = channels).
 */
const averagePool: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const dy = ctx.dOutputs[0]!;
  const { x, kernel, input, out, window } = poolGeometry(ctx);
  const includePad = attributeValue(node.attributes, 'count_include_pad', 'int') === 1;

  // Windows are separable, so the divisor of a position is the product of per-axis counts.
  const perAxis = out.map((size, i) =>
    divisors(size, input[i]!, kernel[i]!, window.strides[i]!, window.dilations[i]!, window.begin[i]!, window.end[i]!, includePad),
  );
  let counts = [1];
  for (const axis of perAxis) counts = counts.flatMap((c) => axis.map((a) => c * a));
  const uniform = counts.every((c) => c === counts[0]);
  const scaled: Value = uniform
    ? g.div(dy, counts[0]!)
    : g.div(dy, g.constant(counts, dy.dtype, out));

  const channels = x.shape[1]!;
  const ones = g.constant(new Array<number>(channels * kernel.reduce((a, b) => a * b, 1)).fill(1), dy.dtype, [channels, 1, ...kernel]);
  return [spreadOverWindows(g, scaled, ones, window, kernel, input, channels)];
};

/**
 * Places per-window values back onto the input grid and sums overlaps: a ConvTranspose of
 * `values` ([N, G·K, ...out]) with `weights` ([G·K, 1, ...kernel]) and `groups` G, cropped (or
 * extended) to the input's spatial size.
 */
function spreadOverWindows(g: GraphBuilder, values: Value, weights: Value, window: Window, kernel: readonly number[], input: readonly number[], groups: number): Value {
  const out = values.shape.slice(2);
  // Crop the uncropped ConvTranspose result (length stride*(out-1) + span) to the input.
  const trim = input.map((size, i) => {
    const full = window.strides[i]! * (out[i]! - 1) + (kernel[i]! - 1) * window.dilations[i]! + 1;
    return full - window.begin[i]! - size;
  });
  const outputPadding = trim.map((t) => Math.max(0, -t));
  return g.convTranspose(values, weights, undefined, {
    strides: window.strides,
    dilations: window.dilations,
    pads: [...window.begin, ...trim.map((t) => Math.max(0, t))],
    ...(outputPadding.some((p) => p > 0) ? { outputPadding } : {}),
    group: groups,
  });
}

/** Every multi-index of `shape`, row-major. */
function taps(shape: readonly number[]): number[][] {
  let all: number[][] = [[]];
  for (const size of shape) all = all.flatMap((prefix) => Array.from({ length: size }, (_, i) => [...prefix, i]));
  return all;
}

/** The most negative float32: padding that never wins a max. */
const LOWEST = -3.4028234663852886e38;

/**
 * MaxPool: each window's gradient goes to the first cell (in row-major order within the window)
 * that holds the window's maximum, as PyTorch's max_pool does. For every kernel tap t the strided
 * Slice x_t holds the cell that tap sees in every window; `Equal(x_t, y)` marks where it is the
 * maximum, a running "taken" mask keeps only the first such tap, and the masked gradients of all
 * taps are scattered back by one grouped ConvTranspose with one-hot kernels. Only Equal, Cast,
 * Mul, Sub, Max, Slice, Pad, Concat, Reshape and ConvTranspose: all run on WebGPU. The optional
 * Indices output is an integer and gets no gradient.
 */
const maxPool: GradientRule = (ctx: GradientContext) => {
  const { g } = ctx;
  const y = ctx.outputs[0]!;
  const dy = ctx.dOutputs[0]!;
  const { x, kernel, input, out, window } = poolGeometry(ctx);
  const [n, channels] = x.shape as [number, number];
  const spatial = kernel.length;
  // Pad so that every tap of every window (ceil_mode included) is inside the padded input.
  const extent = out.map((o, i) => (o - 1) * window.strides[i]! + (kernel[i]! - 1) * window.dilations[i]! + 1);
  const endPads = extent.map((e, i) => Math.max(0, e - window.begin[i]! - input[i]!));
  const padded = [...window.begin, ...endPads].some((p) => p > 0)
    ? g.pad(x, [0, 0, ...window.begin, 0, 0, ...endPads], LOWEST)
    : x;
  const axes = Array.from({ length: spatial }, (_, i) => i + 2);
  let taken: Value | undefined;
  const pieces: Value[] = [];
  const all = taps(kernel);
  for (const tap of all) {
    const starts = tap.map((t, i) => t * window.dilations[i]!);
    const seen = g.slice(padded, { starts, ends: starts.map((s, i) => s + extent[i]! - (kernel[i]! - 1) * window.dilations[i]!), axes, steps: window.strides });
    const hit = g.cast(g.equal(seen, y), dy.dtype);
    const first = taken ? g.mul(hit, g.sub(1, taken)) : hit;
    taken = taken ? g.max(taken, hit) : hit;
    pieces.push(g.reshape(g.mul(first, dy), [n, channels, 1, ...out]));
  }
  // [N, C, K, ...out] -> [N·C, K, ...out]: samples and channels as the batch, taps as input
  // channels, so one ungrouped ConvTranspose with one-hot kernels ([K, 1, ...kernel]) puts tap t
  // of every window at its cell. (ONNX Runtime's WebGPU ConvTranspose gave wrong results with
  // several input channels per group, so the channels are not made groups.)
  const stacked = g.reshape(g.concat(pieces, 2), [n * channels, all.length, ...out]);
  const size = kernel.reduce((a, b) => a * b, 1);
  const oneHot = new Float32Array(all.length * size);
  for (let t = 0; t < all.length; t++) oneHot[t * size + t] = 1;
  const weights = g.constant(oneHot, dy.dtype, [all.length, 1, ...kernel]);
  return [g.reshape(spreadOverWindows(g, stacked, weights, window, kernel, input, 1), x.shape)];
};

/** GlobalAveragePool: the gradient is spread evenly over each channel's spatial cells. */
const globalAveragePool: GradientRule = (ctx: GradientContext) => {
  const x = ctx.inputs[0]!;
  const cells = x.shape.slice(2).reduce((a, b) => a * b, 1);
  return [ctx.g.expand(ctx.g.div(ctx.dOutputs[0]!, cells), x.shape)];
};

/**
 * GlobalMaxPool (AdaptiveMaxPool2d(1)): the gradient goes to the cells equal to their channel's
 * maximum. Exact ties (rare in floats) each receive it, where PyTorch picks one.
 */
const globalMaxPool: GradientRule = (ctx: GradientContext) => {
  const { g } = ctx;
  const x = ctx.inputs[0]!;
  const hit = g.cast(g.equal(x, ctx.outputs[0]!), x.dtype);
  return [g.mul(hit, ctx.dOutputs[0]!)];
};

/** Average and max pooling. */
export const poolRules: Record<string, GradientRule> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
};
