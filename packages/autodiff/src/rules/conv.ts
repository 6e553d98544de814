import type { GraphBuilder, Value } from '@losskit/graph';
import type { GradientContext, GradientRule } from '../types';
import { type Correlate, cropSpatial, dilatedConvCorrelate, isUnitWindow, range, shiftedGemmCorrelate, shiftedGemmCorrelateWith, swapLeading } from './conv-correlate';
import { depthwiseInputGradient, isUnitDepthwise } from './conv-depthwise';
import { type Window, groupOf, slidingWindow, transposedWindow } from './window';

/** Bias gradient: the upstream gradient summed over batch and space. */
function biasGradient(g: GraphBuilder, dy: Value): Value {
  return g.reduceSum(dy, { axes: [0, ...range(2, dy.shape.length - 2)], keepdims: false });
}

/** `[A, B, ...k]` to `[B, A, ...k]` with every spatial axis reversed: the adjoint's weights. */
function transposeAndFlip(g: GraphBuilder, w: Value): Value {
  const kernel = w.shape.slice(2);
  // A 1x1 kernel reversed is itself; ONNX Runtime's Slice with negative steps copies cell by cell.
  if (kernel.every((k) => k === 1)) return swapLeading(g, w);
  return g.slice(swapLeading(g, w), {
    starts: kernel.map((k) => k - 1),
    // Past the start, for a negative step (-k - 1 + k = -1 before clamping to "before index 0").
    ends: kernel.map((k) => -k - 1),
    axes: range(2, kernel.length),
    steps: kernel.map(() => -1),
  });
}

/**
 * The input gradient of an ungrouped stride-1, dilation-1 Conv as a Conv with the weights
 * transposed and flipped, or undefined where its pads would be negative. ONNX Runtime runs Conv
 * much faster than ConvTranspose when the Conv's output channels are few: `pnpm bench` measured
 * 2.4-8x on the autoencoder's decoder layers (ConvTranspose's Gemm has K = output channels, 3 for
 * an RGB output layer).
 */
function inputGradientAsConv(g: GraphBuilder, dy: Value, w: Value, window: Window, input: readonly number[]): Value | undefined {
  const kernel = w.shape.slice(2);
  // dx[i] = Σ_k dy[i - k + begin] w[k]: a Conv of dy with w reversed, padded k - 1 - begin before.
  const begin = kernel.map((k, i) => k - 1 - window.begin[i]!);
  const end = input.map((size, i) => size - dy.shape[2 + i]! + window.begin[i]!);
  if ([...begin, ...end].some((p) => p < 0)) return undefined;
  return g.conv(dy, transposeAndFlip(g, w), undefined, { pads: [...begin, ...end] });
}

const conv = ({ correlate, flippedInputGradient = true, flippedBelowOutputs = FLIPPED_BELOW_OUTPUTS, depthwiseForms = true }: ConvForms): GradientRule => (ctx: GradientContext) => {
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
    // The flipped Conv pays off where ConvTranspose's Gemm is narrow (few output channels) and
    // where there is nothing to flip (1x1: ONNX Runtime's 1x1 ConvTranspose is slow); for a wide
    // layer the flip is a cell-by-cell copy of millions of weights.
    const flipped = flippedInputGradient && group === 1 && isUnitWindow(window) && (w.shape[0]! < flippedBelowOutputs || kernel.every((k) => k === 1));
    const depthwise = depthwiseForms && isUnitDepthwise(x, w, group, window) ? depthwiseInputGradient(g, dy, w, window, input) : undefined;
    if (depthwise) return depthwise;
    const asConv = flipped ? inputGradientAsConv(g, dy, w, window, input) : undefined;
    if (asConv) return asConv;
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
  const dw = () => correlate(g, x, dy, window, trim.map((t) => Math.max(0, t)), kernel, group);
  return [
    ctx.needsGradient(0) ? dx() : undefined,
    ctx.needsGradient(1) ? dw() : undefined,
    bias && ctx.needsGradient(2) ? biasGradient(g, dy) : undefined,
  ];
};

const convTranspose = ({ correlate }: ConvForms): GradientRule => (ctx: GradientContext) => {
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

/** The default of {@link ConvForms.flippedBelowOutputs}. */
const FLIPPED_BELOW_OUTPUTS = 64;

/** How the Conv and ConvTranspose rules compute their gradients. */
export interface ConvForms {
  /** The weight gradients' correlation. */
  readonly correlate: Correlate;
  /** Input gradients of ungrouped stride-1 Convs as a Conv with flipped weights (else ConvTranspose). Default true. */
  readonly flippedInputGradient?: boolean;
  /**
   * With `flippedInputGradient`, only Convs with fewer output channels than this (or a 1x1
   * kernel, which needs no flip) use the flipped form; wider ones use ConvTranspose, whose Gemm
   * is then wide enough (`pnpm bench`'s torchvision section measured resnet18's 512-channel
   * layers). Default 64.
   */
  readonly flippedBelowOutputs?: number;
  /**
   * The input gradient of a stride-1 depthwise Conv (`group` = input channels, one filter each)
   * is a depthwise Conv of dy with the kernel reversed ({@link depthwiseInputGradient}), not a
   * grouped ConvTranspose. Default true.
   */
  readonly depthwiseForms?: boolean;
}

/** Conv and ConvTranspose rules with the given gradient forms. */
export function convRulesWith(forms: ConvForms): Record<string, GradientRule> {
  return { Conv: conv(forms), ConvTranspose: convTranspose(forms) };
}

/**
 * Conv and ConvTranspose (any spatial rank, strides, pads, auto_pad, dilations, groups, bias).
 * Input gradients of stride-1 Convs are Convs with flipped weights, other input gradients
 * ConvTransposes; weight gradients are shifted Gemms where the window is unit, dilated
 * convolutions elsewhere ({@link shiftedGemmCorrelate}).
 */
export const convRules: Record<string, GradientRule> = convRulesWith({ correlate: shiftedGemmCorrelate });

/**
 * The forms losskit used before `pnpm bench` chose the defaults: every input gradient a
 * ConvTranspose and every weight gradient a dilated Conv. Kept for the bench's ablation.
 */
export const dilatedConvRules: Record<string, GradientRule> = convRulesWith({ correlate: dilatedConvCorrelate, flippedInputGradient: false, depthwiseForms: false });

/**
 * The forms before `pnpm bench`'s torchvision section: every stride-1 input gradient a flipped
 * Conv, and square layers' weight gradients shifting the filter (then transposing the result).
 * Kept for the bench's ablation.
 */
export const flipAllConvRules: Record<string, GradientRule> = convRulesWith({
  correlate: shiftedGemmCorrelateWith({ shiftFilterWhenSquare: true }),
  flippedBelowOutputs: Number.POSITIVE_INFINITY,
});

/**
 * Today's forms except for stride-1 depthwise Convs, whose input gradient is the general grouped
 * ConvTranspose. Kept for the bench's ablation.
 */
export const groupedDepthwiseConvRules: Record<string, GradientRule> = convRulesWith({ correlate: shiftedGemmCorrelate, depthwiseForms: false });
