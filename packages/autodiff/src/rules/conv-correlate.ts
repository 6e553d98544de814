import { type GraphBuilder, type Value, numel } from '@losskit/graph';
import type { Window } from './window';

/** `[0, 1, ..., n - 1]` shifted by `from`. */
export function range(from: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Swaps the batch and channel axes: `[A, B, ...s]` to `[B, A, ...s]`. */
export function swapLeading(g: GraphBuilder, x: Value): Value {
  return g.transpose(x, [1, 0, ...range(2, x.shape.length - 2)]);
}

/**
 * `[N, C, ...s]` to `[C / group, group * N, ...s]`: channels become the batch, and each group's
 * samples become that group's input channels, so one grouped Conv correlates every group with
 * its own slice of the other operand.
 */
function channelsAsBatch(g: GraphBuilder, x: Value, group: number): Value {
  if (group === 1) return swapLeading(g, x);
  const [n, c, ...spatial] = x.shape as [number, number, ...number[]];
  const split = g.reshape(x, [n, group, c / group, ...spatial]);
  const moved = g.transpose(split, [2, 1, 0, ...range(3, spatial.length)]);
  return g.reshape(moved, [c / group, group * n, ...spatial]);
}

/** Keeps the first `sizes` cells of each spatial axis when a result came out longer. */
export function cropSpatial(g: GraphBuilder, x: Value, sizes: readonly number[]): Value {
  if (x.shape.slice(2).every((d, i) => d === sizes[i])) return x;
  return g.slice(x, { starts: sizes.map(() => 0), ends: sizes, axes: range(2, sizes.length) });
}

/**
 * How a weight gradient is computed: the correlation
 * `kernel[b, a, k] = Σ_n Σ_o input[n, a, k·d + o·s - begin] · filter[n, b, o]` (laid out
 * `[filter channels, input channels, ...kernel]`) that both weight gradients reduce to.
 */
export type Correlate = (
  g: GraphBuilder,
  input: Value,
  filter: Value,
  window: Window,
  endPads: readonly number[],
  kernel: readonly number[],
  group: number,
) => Value;

/**
 * {@link Correlate} as one Conv with strides and dilations swapped, batch and channels swapped,
 * then cropped to `kernel` (the Conv can produce a few extra taps that no output used).
 */
export const dilatedConvCorrelate: Correlate = (g, input, filter, window, endPads, kernel, group) => {
  const raw = g.conv(channelsAsBatch(g, input, group), swapLeading(g, filter), undefined, {
    strides: window.dilations,
    dilations: window.strides,
    pads: [...window.begin, ...endPads],
    group,
  });
  return swapLeading(g, cropSpatial(g, raw, kernel));
};

/** Whether a window slides one cell at a time with no gaps: stride 1 and dilation 1 on every axis. */
export function isUnitWindow(window: Window): boolean {
  return window.strides.every((s) => s === 1) && window.dilations.every((d) => d === 1);
}

/** Every kernel tap as its offset per spatial axis, the last axis fastest. */
function taps(kernel: readonly number[]): number[][] {
  return kernel.reduce<number[][]>((acc, k) => acc.flatMap((prefix) => range(0, k).map((i) => [...prefix, i])), [[]]);
}

/** `[N, C, ...s]` to `[C, N·Πs]`. */
function channelRows(g: GraphBuilder, x: Value): Value {
  const [n, c, ...spatial] = x.shape as [number, number, ...number[]];
  return g.reshape(swapLeading(g, x), [c, n * numel(spatial)]);
}

/** Pads the spatial axes of `[A, B, ...s]`, skipping the node when nothing is padded. */
function padSpatial(g: GraphBuilder, x: Value, begin: readonly number[], end: readonly number[]): Value {
  if ([...begin, ...end].every((p) => p === 0)) return x;
  return g.pad(x, [0, 0, ...begin, 0, 0, ...end]);
}

/** One shifted copy of `x` per tap, `[A, B, ...size]` each, stacked along `axis` (0 or 1) and flattened to rows. */
function stackShifts(g: GraphBuilder, x: Value, starts: (tap: readonly number[]) => number[], size: readonly number[], kernel: readonly number[], axis: 0 | 1): Value {
  const axes = range(2, size.length);
  const [a, b] = x.shape as [number, number];
  const rows = (stack: Value, count: number) => g.reshape(stack, [count * a, b * numel(size)]);
  const shift = (tap: readonly number[]) => {
    const begin = starts(tap);
    // A 1x1 kernel's only tap is often x itself: ONNX Runtime's Slice and Concat would copy it.
    if (begin.every((p, i) => p === 0 && size[i] === x.shape[2 + i])) return x;
    return g.slice(x, { starts: begin, ends: begin.map((p, i) => p + size[i]!), axes });
  };
  const all = taps(kernel);
  if (all.length === 1) return rows(shift(all[0]!), 1);
  // [taps, A, B, ...size] or [A, taps, B, ...size]: either way taps·A rows of B·Πsize.
  return rows(g.concat(all.map((tap) => g.unsqueeze(shift(tap), [axis])), axis), all.length);
}

/**
 * Above this many stacked values (64 MB of float32) the shifted Gemm would allocate more than
 * the dilated Conv's working memory is worth, and the dilated Conv is used instead.
 */
const MAX_STACKED_VALUES = 1 << 24;

/**
 * {@link Correlate} for ungrouped convolutions whose window is unit (stride 1, dilation 1) as one
 * Gemm over shifted copies of the operand with fewer channels: every tap `k` is a Slice of it,
 * the slices are stacked, and one Gemm sums over batch and positions for all taps at once. ONNX
 * Runtime runs that Gemm at matrix-multiply speed, where the dilated Conv's Gemm is `taps` wide
 * and, with two threads, slower than with one (`pnpm bench` measured 3-6x on the autoencoder's
 * decoder layers). Other windows, and stacks past {@link MAX_STACKED_VALUES}, use
 * {@link dilatedConvCorrelate}. Standard ops only (Transpose, Pad, Slice, Unsqueeze, Concat,
 * Reshape, Gemm), as every provider runs them.
 */
export const shiftedGemmCorrelate: Correlate = shiftedGemmCorrelateWith({ shiftFilterWhenSquare: false });

/**
 * {@link shiftedGemmCorrelate} with the choice for square layers (as many filter as input
 * channels) open: shifting the input gives the kernel in its own layout, shifting the filter
 * needs a Transpose of the result afterwards (resnet18's [3, 3, 512, 512] took longer than its Gemm).
 */
export function shiftedGemmCorrelateWith(options: { readonly shiftFilterWhenSquare: boolean }): Correlate {
  const correlate: Correlate = (g, input, filter, window, endPads, kernel, group) => {
    const picked = group === 1 ? pickStridedCells(g, input, filter, window, kernel) : undefined;
    if (picked) return correlate(g, picked, filter, unitWindow(kernel.length), kernel.map(() => 0), kernel, group);
    const [n, a, ...inSize] = input.shape as [number, number, ...number[]];
    const [, b, ...outSize] = filter.shape as [number, number, ...number[]];
    // The operand with fewer channels is the one shifted: its stack is the smaller.
    const shiftFilter = options.shiftFilterWhenSquare ? b <= a : b < a;
    const stackedValues = numel(kernel) * n * (shiftFilter ? b * numel(inSize) : a * numel(outSize));
    if (group !== 1 || !isUnitWindow(window) || stackedValues > MAX_STACKED_VALUES) {
      return dilatedConvCorrelate(g, input, filter, window, endPads, kernel, group);
    }
    const { begin } = window;
    if (shiftFilter) {
      // kernel[b, a, k] = Σ_i input[n, a, i] · filter[n, b, i - k + begin]: the filter is
      // zero-padded so that every shift covers the input's whole extent.
      const lo = kernel.map((k, i) => Math.max(0, k - 1 - begin[i]!));
      const hi = inSize.map((size, i) => Math.max(0, begin[i]! + size - outSize[i]!));
      const padded = padSpatial(g, swapLeading(g, filter), lo, hi);
      const stacked = stackShifts(g, padded, (tap) => tap.map((k, i) => lo[i]! + begin[i]! - k), inSize, kernel, 0); // [taps·b, N·I]
      const perTap = g.reshape(g.gemm(stacked, channelRows(g, input), undefined, { transB: true }), [...kernel, b, a]);
      return g.transpose(perTap, [kernel.length, kernel.length + 1, ...range(0, kernel.length)]);
    }
    // kernel[b, a, k] = Σ_o input[n, a, k + o - begin] · filter[n, b, o]: im2col of the input.
    const end = inSize.map((size, i) => Math.max(0, kernel[i]! - 1 + outSize[i]! - size - begin[i]!));
    const padded = padSpatial(g, swapLeading(g, input), begin, end);
    const stacked = stackShifts(g, padded, (tap) => [...tap], outSize, kernel, 1); // [a·taps, N·O]
    return g.reshape(g.gemm(channelRows(g, filter), stacked, undefined, { transB: true }), [b, a, ...kernel]);
  };
  return correlate;
}

function unitWindow(rank: number): Window {
  const ones = range(0, rank).map(() => 1);
  const zeros = ones.map(() => 0);
  return { strides: ones, dilations: ones, begin: zeros, end: zeros };
}

/**
 * A 1x1 kernel with strides and no padding reads one input cell per output cell (resnet's
 * downsampling shortcuts): those cells, one strided Slice of the input, correlate with the filter
 * over a unit window, so the shifted Gemm applies. The dilated Conv took 4.4 ms of resnet18's
 * step at batch 16 for its `[16, 64, 16, 16]` shortcut (ONNX Runtime's profiler); measured alone,
 * 6.0–6.6 ms against 0.7–1.6 ms for the Slice and the Gemm.
 */
function pickStridedCells(g: GraphBuilder, input: Value, filter: Value, window: Window, kernel: readonly number[]): Value | undefined {
  const { strides, dilations, begin } = window;
  if (!kernel.every((k) => k === 1) || isUnitWindow(window) || !dilations.every((d) => d === 1) || !begin.every((p) => p === 0)) return undefined;
  const outSize = filter.shape.slice(2);
  return g.slice(input, { starts: outSize.map(() => 0), ends: outSize.map((o, i) => (o - 1) * strides[i]! + 1), axes: range(2, outSize.length), steps: strides });
}
