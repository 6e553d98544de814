/** The source taps of one output sample: indices and weights that sum to 1. */
interface Taps {
  readonly indices: number[];
  readonly weights: number[];
}

/**
 * Resampling weights along one axis: output `i` of `outSize` covers the source interval
 * `[start + i * scale, start + (i + 1) * scale)` with `scale = length / outSize`. Shrinking
 * averages the covered pixels by their overlap (area filter, no aliasing); enlarging
 * interpolates linearly between the two nearest pixel centers.
 */
export function axisTaps(start: number, length: number, srcSize: number, outSize: number): Taps[] {
  const scale = length / outSize;
  const clampIndex = (k: number) => Math.min(srcSize - 1, Math.max(0, k));
  const taps: Taps[] = [];
  for (let i = 0; i < outSize; i++) {
    if (scale >= 1) {
      const lo = start + i * scale;
      const hi = lo + scale;
      const indices: number[] = [];
      const weights: number[] = [];
      for (let k = Math.floor(lo); k < hi; k++) {
        const overlap = Math.min(hi, k + 1) - Math.max(lo, k);
        if (overlap <= 1e-12) continue;
        indices.push(clampIndex(k));
        weights.push(overlap / scale);
      }
      taps.push({ indices, weights });
    } else {
      const center = start + (i + 0.5) * scale - 0.5;
      const k = Math.floor(center);
      const t = center - k;
      taps.push({ indices: [clampIndex(k), clampIndex(k + 1)], weights: [1 - t, t] });
    }
  }
  return taps;
}

/** A crop rectangle in source pixels (fractional positions allowed). */
export interface CropRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Resamples the `rect` region of a CHW image (`channels` planes of `srcH x srcW`) to
 * `outH x outW`, writing CHW into `out` at `offset`. Separable: rows first, then columns.
 */
export function resampleRegion(
  src: Float32Array,
  channels: number,
  srcH: number,
  srcW: number,
  rect: CropRect,
  outH: number,
  outW: number,
  out: Float32Array,
  offset: number,
): void {
  const xTaps = axisTaps(rect.x, rect.width, srcW, outW);
  const yTaps = axisTaps(rect.y, rect.height, srcH, outH);
  // Only the source rows some output row reads need the horizontal pass.
  const rows = [...new Set(yTaps.flatMap((t) => t.indices))].toSorted((a, b) => a - b);
  const rowSlot = new Map(rows.map((r, i) => [r, i]));
  const horizontal = new Float32Array(rows.length * outW);
  for (let c = 0; c < channels; c++) {
    const plane = src.subarray(c * srcH * srcW, (c + 1) * srcH * srcW);
    rows.forEach((row, slot) => {
      for (let x = 0; x < outW; x++) {
        const { indices, weights } = xTaps[x]!;
        let sum = 0;
        for (let k = 0; k < indices.length; k++) sum += plane[row * srcW + indices[k]!]! * weights[k]!;
        horizontal[slot * outW + x] = sum;
      }
    });
    const base = offset + c * outH * outW;
    for (let y = 0; y < outH; y++) {
      const { indices, weights } = yTaps[y]!;
      for (let x = 0; x < outW; x++) {
        let sum = 0;
        for (let k = 0; k < indices.length; k++) sum += horizontal[rowSlot.get(indices[k]!)! * outW + x]! * weights[k]!;
        out[base + y * outW + x] = sum;
      }
    }
  }
}
