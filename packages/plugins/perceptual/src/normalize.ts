import { type Float64Tensor, type GraphBuilder, InvalidInputError, type OptionSpec, type Value, formatDims, option } from '@losskit/core';

/** How images are normalised before the network: not at all, or as torchvision's ImageNet models expect. */
export type Normalization = 'none' | 'imagenet';

/** The per-channel (R, G, B) mean and standard deviation torchvision's ImageNet models were trained with. */
export const IMAGENET_STATISTICS: { readonly mean: readonly [number, number, number]; readonly std: readonly [number, number, number] } = Object.freeze({
  mean: Object.freeze([0.485, 0.456, 0.406] as const),
  std: Object.freeze([0.229, 0.224, 0.225] as const),
});

export const normalizeOption: OptionSpec<Normalization> = option.oneOf<Normalization>({
  description:
    "'imagenet' maps images in [0, 1] to (x - mean) / std per channel with ImageNet's statistics before the network, as torchvision's pretrained models expect; 'none' hands them over as they are.",
  values: ['none', 'imagenet'],
  default: 'none',
});

/** Checks that `imagenet` normalisation can take `dims`: three channels (R, G, B) on axis 1. */
export function checkNormalization(normalize: Normalization, dims: readonly number[]): void {
  if (normalize === 'imagenet' && (dims.length < 2 || dims[1] !== 3)) {
    throw new InvalidInputError('prediction.dims', "3 channels (R, G, B) on axis 1 for perceptual.normalize 'imagenet'", formatDims(dims));
  }
}

/** The normalised images in the graph (for `imagenet`, a Sub and a Div by [1, 3, 1, ...] constants). */
export function normalizeGraph(g: GraphBuilder, images: Value, normalize: Normalization): Value {
  if (normalize === 'none') return images;
  checkNormalization(normalize, images.shape);
  const dims = [1, 3, ...images.shape.slice(2).map(() => 1)];
  const mean = g.constant(Float32Array.from(IMAGENET_STATISTICS.mean), 'float32', dims);
  const std = g.constant(Float32Array.from(IMAGENET_STATISTICS.std), 'float32', dims);
  return g.div(g.sub(images, mean), std);
}

/** The same normalisation in float64. */
export function normalizeReference(images: Float64Tensor, normalize: Normalization): Float64Tensor {
  if (normalize === 'none') return images;
  checkNormalization(normalize, images.dims);
  const inner = images.dims.slice(2).reduce((a, b) => a * b, 1);
  const { mean, std } = IMAGENET_STATISTICS;
  const data = images.data.map((v, i) => {
    const channel = Math.floor(i / inner) % 3;
    return (v - mean[channel]!) / std[channel]!;
  });
  return { data, dims: images.dims };
}
