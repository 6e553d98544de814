import type { GraphBuilder, Value } from '@losskit/core';
import { type ContrastStructureTerms, type LocalStatistics, type SsimSettings, type SsimTerms, asPlanes, contrastStructureTerms, localStatistics, ssimTerms } from '@losskit/loss-ssim';
import { SCALES, checkMsSsimDims } from './dims';

/**
 * 2 × 2 average pooling with stride 2 and, per axis, one cell of zero padding on each side
 * where the size is odd, counted in the average: pytorch-msssim's
 * `avg_pool2d(x, 2, padding=[s % 2 for s in spatial])`. An odd axis of `s` cells gives `(s + 1) / 2`.
 */
export function halve(g: GraphBuilder, x: Value): Value {
  const [height, width] = x.shape.slice(2) as [number, number];
  const [h, w] = [height % 2, width % 2];
  return g.averagePool(x, { kernelShape: [2, 2], strides: [2, 2], pads: [h, w, h, w], countIncludePad: true });
}

/**
 * The adjoint of {@link halve} back to `height × width`: each pooled value's gradient, divided by
 * 4, goes to the cells of its window; the padding's share is dropped. A depthwise ConvTranspose
 * with 2 × 2 kernels of 1/4, stride 2, cropped by the leading padding (the trailing padding is in
 * no window: the last window of an odd axis ends at its last cell).
 */
export function halveAdjoint(g: GraphBuilder, dy: Value, height: number, width: number): Value {
  const channels = dy.shape[1]!;
  const quarter = g.constant(new Float32Array(channels * 4).fill(0.25), 'float32', [channels, 1, 2, 2]);
  return g.convTranspose(dy, quarter, undefined, { strides: [2, 2], pads: [height % 2, width % 2, 0, 0], group: channels });
}

/** One scale of MS-SSIM: its images' size, its terms, and its factor before and after the ReLU. */
export interface Scale {
  readonly height: number;
  readonly width: number;
  /** The contrast-structure terms (scales 1-4) or the SSIM terms (scale 5). */
  readonly terms: ContrastStructureTerms | SsimTerms;
  /** The map's mean over the positions, `[1, P]`. */
  readonly mean: Value;
  /** `relu(mean)`. */
  readonly term: Value;
}

/** MS-SSIM of every plane, `[1, P]`, with the scales it is the product of. */
export interface MsSsimPass {
  readonly value: Value;
  readonly scales: readonly Scale[];
}

/**
 * MS-SSIM per image and channel, as pytorch-msssim's `ms_ssim`: at scales 1-4 the ReLU of the
 * mean contrast-structure term, at scale 5 the ReLU of the mean SSIM, each raised to its weight,
 * multiplied; prediction and target are halved between scales. Every scale works in the
 * `[1, N·C, H, W]` layout of `asPlanes`; the value is `[1, N·C]`.
 */
export function msSsimPass(g: GraphBuilder, prediction: Value, target: Value, settings: SsimSettings, weights: readonly number[]): MsSsimPass {
  checkMsSsimDims(prediction.shape, settings.windowSize);
  let [x, y] = [asPlanes(g, prediction), asPlanes(g, target)];
  let value: Value | undefined;
  const scales: Scale[] = [];
  for (let scale = 0; scale < SCALES; scale++) {
    const [height, width] = x.shape.slice(2) as [number, number];
    const statistics: LocalStatistics = localStatistics(g, x, y, settings);
    const last = scale === SCALES - 1;
    const terms = last ? ssimTerms(g, statistics, settings) : contrastStructureTerms(g, statistics, settings);
    const mean = g.reduceMean(last ? (terms as SsimTerms).ssim : terms.cs, { axes: [2, 3], keepdims: false });
    const term = g.relu(mean);
    const powered = g.pow(term, weights[scale]!);
    value = value ? g.mul(value, powered) : powered;
    scales.push({ height, width, terms, mean, term });
    if (!last) [x, y] = [halve(g, x), halve(g, y)];
  }
  return { value: value!, scales };
}
