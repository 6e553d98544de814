import type { GraphBuilder, Value } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';
import { type Window, groupOf, slidingWindow, transposedWindow } from './window';

/** `[0, 1, ..., n - 1]` shifted by `from`. */
function range(from: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Swaps the batch and channel axes: `[A, B, ...s]` to `[B, A, ...s]`. */
function swapLeading(g: GraphBuilder, x: Value): Value {
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
function cropSpatial(g: GraphBuilder, x: Value, sizes: readonly number[]): Value {
  if (x.shape.slice(2).every((d, i) => d === sizes[i])) return x;
  return g.slice(x, { starts: sizes.map(() => 0), ends: sizes, axes: range(2, sizes.length) });
}

/** Bias gradient: the upstream gradient summed over batch and space. */
function biasGradient(g: GraphBuilder, dy: Value): Value {
  return g.reduceSum(dy, { axes: [0, ...range(2, dy.shape.length - 2)], keepdims: false });
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

const conv = (correlate: Correlate): GradientRule => (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, w, bias] = ctx.inputs as [Value, Value, Value | undefined];
  const dy = ctx.dOutputs[0]!;
  const kernel = w.shape.slice(2);
  const input = x.shape.slice(2);
  const window = slidingWindow(node, input, kernel);
  const group = groupOf(node);
  // Cells of the padded input past the last window: rem = (padded - span) mod stride.
  const rem = input.map((size, i) => {
    const span = (kernel[i]! - 1) * window.dilations[i]! + 1;
    return (size + window.begin[i]! + window.end[i]! - span) % window.strides[i]!;
  });
  const trim = window.end.map((e, i) => e - rem[i]!);

  const dx = () => {
    // The adjoint of a strided Conv is a ConvTranspose with the same weights; its output is
    // cropped (or extended with output_padding) to the input's exact size.
    const outputPadding = trim.map((t) => Math.max(0, -t));
    return g.convTranspose(dy, w, undefined, {
      strides: window.strides,
      dilations: window.dilations,
      pads: [...window.begin, ...trim.map((t) => Math.max(0, t))],
      ...(outputPadding.some((p) => p > 0) ? { outputPadding } : {}),
      group,
    });
  };
  return [
    ctx.needsGradient(0) ? dx() : undefined,
    ctx.needsGradient(1) ? correlate(g, x, dy, window, trim.map((t) => Math.max(0, t)), kernel, group) : undefined,
    bias && ctx.needsGradient(2) ? biasGradient(g, dy) : undefined,
  ];
};

const convTranspose = (correlate: Correlate): GradientRule => (ctx: GradientContext) => {
  const { g, node } = ctx;
  const [x, w, bias] = ctx.inputs as [Value, Value, Value | undefined];
  const dy = ctx.dOutputs[0]!;
  const kernel = w.shape.slice(2);
  const input = x.shape.slice(2);
  const window = transposedWindow(node, input, kernel, dy.shape.slice(2));
  const group = groupOf(node);
  // Output cells added by output_padding got nothing from x: end padding of the adjoint Conv
  // shrinks by that much, and what cannot be shrunk is cropped afterwards.
  const endPads = window.end.map((e, i) => Math.max(0, e - window.adjust[i]!));

  const dx = () => {
    // The adjoint of ConvTranspose is the Conv with the same weights and attributes.
    const raw = g.conv(dy, w, undefined, {
      strides: window.strides,
      dilations: window.dilations,
      pads: [...window.begin, ...endPads],
      group,
    });
    return cropSpatial(g, raw, input);
  };
  return [
    ctx.needsGradient(0) ? dx() : undefined,
    ctx.needsGradient(1) ? correlate(g, dy, x, window, endPads, kernel, group) : undefined,
    bias && ctx.needsGradient(2) ? biasGradient(g, dy) : undefined,
  ];
};

/** Conv and ConvTranspose rules whose weight gradients use `correlate`. */
export function convRulesWith(correlate: Correlate): Record<string, GradientRule> {
  return { Conv: conv(correlate), ConvTranspose: convTranspose(correlate) };
}

/**
 * Conv and ConvTranspose (any spatial rank, strides, pads, auto_pad, dilations, groups, bias).
 * Weight gradients are dilated convolutions ({@link dilatedConvCorrelate}).
 */
export const convRules: Record<string, GradientRule> = convRulesWith(dilatedConvCorrelate);
