import type { Value } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';
import { slidingWindow } from './window';

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

/**
 * AveragePool: every output's gradient, divided by its window's divisor, is spread back over the
 * window, which is a ConvTranspose with a constant all-ones kernel per channel (group = channels).
 */
const averagePool: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const x = ctx.inputs[0]!;
  const dy = ctx.dOutputs[0]!;
  const k = node.attributes.kernel_shape;
  const kernel = k?.type === 'ints' ? k.value : [];
  const input = x.shape.slice(2);
  const out = dy.shape.slice(2);
  const window = slidingWindow(node, input, kernel);
  const cip = node.attributes.count_include_pad;
  const includePad = cip?.type === 'int' && cip.value === 1;

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
  // Crop the uncropped ConvTranspose result (length stride*(out-1) + span) to the input.
  const trim = input.map((size, i) => {
    const full = window.strides[i]! * (out[i]! - 1) + (kernel[i]! - 1) * window.dilations[i]! + 1;
    return full - window.begin[i]! - size;
  });
  const outputPadding = trim.map((t) => Math.max(0, -t));
  return [
    g.convTranspose(scaled, ones, undefined, {
      strides: window.strides,
      dilations: window.dilations,
      pads: [...window.begin, ...trim.map((t) => Math.max(0, t))],
      ...(outputPadding.some((p) => p > 0) ? { outputPadding } : {}),
      group: channels,
    }),
  ];
};

/** GlobalAveragePool: the gradient is spread evenly over each channel's spatial cells. */
const globalAveragePool: GradientRule = (ctx: GradientContext) => {
  const x = ctx.inputs[0]!;
  const cells = x.shape.slice(2).reduce((a, b) => a * b, 1);
  return [ctx.g.expand(ctx.g.div(ctx.dOutputs[0]!, cells), x.shape)];
};

/** Average pooling (MaxPool has no rule: its gradient needs the argmax indices). */
export const poolRules: Record<string, GradientRule> = {
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
};
