import type { Float64Tensor } from '@losskit/core';
import { imageSize } from './dims';
import type { TotalVariationSettings } from './options';

/** Total variation in float64, one value per image of a `[..., H, W]` prediction, as kornia's `total_variation`. */
export function totalVariationReference(prediction: Float64Tensor, settings: TotalVariationSettings): Float64Tensor {
  const { height, width, images, leading } = imageSize(prediction.dims);
  const x = prediction.data;
  const cost = settings.norm === 'l1' ? Math.abs : (d: number) => d * d;
  const data = new Float64Array(images);
  for (let b = 0; b < images; b++) {
    const at = (i: number, j: number) => x[b * height * width + i * width + j]!;
    let vertical = 0;
    let horizontal = 0;
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        if (i + 1 < height) vertical += cost(at(i + 1, j) - at(i, j));
        if (j + 1 < width) horizontal += cost(at(i, j + 1) - at(i, j));
      }
    }
    data[b] = settings.imageReduction === 'sum' ? vertical + horizontal : vertical / ((height - 1) * width) + horizontal / (height * (width - 1));
  }
  return { data, dims: leading };
}
