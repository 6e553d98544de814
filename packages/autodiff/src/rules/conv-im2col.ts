import type { Value } from '@losskit/graph';
import type { GradientRule } from '../types';
import { type Correlate, dilatedConvCorrelate } from './conv-correlate';
import { convRulesWith } from './conv';

/**
 * {@link Correlate} as an explicit im2col and one Gemm, for 2-D ungrouped convolutions (others use
 * the dilated Conv): each kernel tap is a strided Slice of the padded input, the taps are stacked
 * to `[a·taps, N·P]`, and `Gemm(filter [b, N·P], patches, transB)` sums over batch and positions
 * at once. Standard ops only (Pad, Slice, Unsqueeze, Concat, Transpose, Reshape, Gemm).
 */
export const im2colCorrelate: Correlate = (g, input, filter, window, endPads, kernel, group) => {
  if (group !== 1 || kernel.length !== 2) return dilatedConvCorrelate(g, input, filter, window, endPads, kernel, group);
  const [n, a, ...size] = input.shape as [number, number, number, number];
  const [, b, ...out] = filter.shape as [number, number, number, number];
  const { dilations: d, strides: s, begin } = window;
  // Pad so that every tap's strided slice is in range (cells past the last one reached are unused).
  const end = size.map((len, i) => Math.max(0, (kernel[i]! - 1) * d[i]! + (out[i]! - 1) * s[i]! + 1 - (len + begin[i]!)));
  const padded = begin.some((p) => p > 0) || end.some((p) => p > 0) ? g.pad(input, [0, 0, ...begin, 0, 0, ...end]) : input;
  const taps: Value[] = [];
  for (let i = 0; i < kernel[0]!; i++) {
    for (let j = 0; j < kernel[1]!; j++) {
      const starts = [i * d[0]!, j * d[1]!];
      const tap = g.slice(padded, {
        starts,
        ends: starts.map((st, k) => st + (out[k]! - 1) * s[k]! + 1),
        axes: [2, 3],
        steps: [s[0]!, s[1]!],
      });
      taps.push(g.unsqueeze(tap, [2]));
    }
  }
  const positions = out[0]! * out[1]!;
  const stacked = g.concat(taps, 2); // [N, a, taps, oh, ow]
  const patches = g.reshape(g.transpose(g.reshape(stacked, [n, a * taps.length, positions]), [1, 0, 2]), [a * taps.length, n * positions]);
  const rows = g.reshape(g.transpose(g.reshape(filter, [n, b, positions]), [1, 0, 2]), [b, n * positions]);
  return g.reshape(g.gemm(rows, patches, undefined, { transB: true }), [b, a, kernel[0]!, kernel[1]!]);
};

/**
 * Conv and ConvTranspose rules with im2col + Gemm weight gradients: an alternative to the default
 * {@link convRules} that `pnpm bench` measures against it (pass it in `gradients(..., { rules })`).
 */
export const im2colConvRules: Record<string, GradientRule> = convRulesWith({ correlate: im2colCorrelate });

