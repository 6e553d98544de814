import type { GraphBuilder, Value } from '@losskit/graph';
import { isUnitWindow, range } from './conv-correlate';
import type { Window } from './window';

/**
 * Whether a Conv is depthwise with a unit window: one group per input channel, one filter per
 * group (weights `[C, 1, ...k]`), stride 1, no dilation — most of MobileNet's, ShuffleNet's and
 * EfficientNet's 3x3 and 5x5 layers.
 */
export function isUnitDepthwise(x: Value, w: Value, group: number, window: Window): boolean {
  return group > 1 && group === x.shape[1] && w.shape[0] === group && w.shape[1] === 1 && isUnitWindow(window);
}

/**
 * The input gradient of a stride-1 depthwise Conv as a depthwise Conv of dy with the kernel
 * reversed (a flip of `C · taps` weights): ONNX Runtime runs it as fast as the forward pass,
 * 1.2-3x faster than the grouped ConvTranspose, which loops over the channels with a tiny Gemm
 * each (measured by `pnpm bench`'s torchvision section and on single layers; for strided layers
 * the ConvTranspose stays faster than a Conv of dy spread with zeros). Undefined where the
 * adjoint's pads would be negative.
 */
export function depthwiseInputGradient(g: GraphBuilder, dy: Value, w: Value, window: Window, input: readonly number[]): Value | undefined {
  const kernel = w.shape.slice(2);
  const begin = kernel.map((k, i) => k - 1 - window.begin[i]!);
  const end = input.map((size, i) => size - dy.shape[2 + i]! + window.begin[i]!);
  if ([...begin, ...end].some((p) => p < 0)) return undefined;
  const reversed = g.slice(w, { starts: kernel.map((k) => k - 1), ends: kernel.map((k) => -k - 1), axes: range(2, kernel.length), steps: kernel.map(() => -1) });
  return g.conv(dy, reversed, undefined, { pads: [...begin, ...end], group: w.shape[0]! });
}
