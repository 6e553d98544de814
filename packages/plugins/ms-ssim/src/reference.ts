import type { Float64Tensor } from '@losskit/core';
import { type SsimSettings, ssimReferenceMaps } from '@losskit/loss-ssim';
import { SCALES, checkMsSsimDims } from './dims';

/**
 * pytorch-msssim's between-scale pooling in float64: 2 × 2 windows with stride 2 over the image
 * padded, per axis, by one zero on each side where its size is odd, each window's sum divided
 * by 4 (padded cells count). Written from that definition, index by index.
 */
export function halveReference(x: Float64Tensor): Float64Tensor {
  const [n, c, height, width] = x.dims as [number, number, number, number];
  const [padH, padW] = [height % 2, width % 2];
  const rows = Math.floor((height + 2 * padH - 2) / 2) + 1;
  const columns = Math.floor((width + 2 * padW - 2) / 2) + 1;
  const out = new Float64Array(n * c * rows * columns);
  const at = (plane: number, i: number, j: number): number => (i < 0 || i >= height || j < 0 || j >= width ? 0 : x.data[(plane * height + i) * width + j]!);
  for (let plane = 0; plane < n * c; plane++) {
    for (let r = 0; r < rows; r++) {
      for (let s = 0; s < columns; s++) {
        const [i, j] = [2 * r - padH, 2 * s - padW];
        out[(plane * rows + r) * columns + s] = (at(plane, i, j) + at(plane, i, j + 1) + at(plane, i + 1, j) + at(plane, i + 1, j + 1)) / 4;
      }
    }
  }
  return { data: out, dims: [n, c, rows, columns] };
}

/** The mean of each image and channel of a map `[N, C, H, W]`, ReLU'd: `[N · C]` values. */
function meanTerms(map: Float64Tensor): Float64Array {
  const [n, c, height, width] = map.dims as [number, number, number, number];
  const size = height * width;
  return Float64Array.from({ length: n * c }, (_, k) => Math.max(0, map.data.subarray(k * size, (k + 1) * size).reduce((a, b) => a + b, 0) / size));
}

/** MS-SSIM per image and channel in float64, `[N, C]`: `Π relu(mean cs_k)^w_k (k = 1..4) · relu(mean ssim_5)^w_5`. */
export function msSsimReference(prediction: Float64Tensor, target: Float64Tensor, settings: SsimSettings, weights: readonly number[]): Float64Tensor {
  const [n, c] = checkMsSsimDims(prediction.dims, settings.windowSize) as [number, number];
  let [x, y] = [prediction, target];
  const values = new Float64Array(n * c).fill(1);
  for (let scale = 0; scale < SCALES; scale++) {
    const maps = ssimReferenceMaps(x, y, settings);
    const last = scale === SCALES - 1;
    meanTerms(last ? maps.ssim : maps.cs).forEach((term, k) => (values[k]! *= term ** weights[scale]!));
    if (!last) [x, y] = [halveReference(x), halveReference(y)];
  }
  return { data: values, dims: [n, c] };
}
