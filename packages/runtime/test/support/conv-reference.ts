// A float64 2-D convolution (NCHW, group 1) to check ONNX Runtime's Conv against.

/** A Conv case: shapes, attributes and deterministic data. */
export interface ConvCase {
  readonly name: string;
  readonly x: { readonly dims: [number, number, number, number]; readonly data: number[] };
  readonly w: { readonly dims: [number, number, number, number]; readonly data: number[] };
  readonly b: number[];
  readonly stride: number;
  readonly pad: number;
  /** Whether the weight reaches the Conv through a Transpose of a graph input (not an initializer). */
  readonly weightFromInput: boolean;
}

/** Values in [-0.5, 0.5) from a linear congruential generator (deterministic, no dependency). */
export function values(count: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
}

/** `Conv(x, w, b)` with square stride and symmetric padding, in float64. */
export function convReference(c: ConvCase): { dims: number[]; data: Float64Array } {
  const [n, ci, h, wd] = c.x.dims;
  const [co, , kh, kw] = c.w.dims;
  const oh = Math.floor((h + 2 * c.pad - kh) / c.stride) + 1;
  const ow = Math.floor((wd + 2 * c.pad - kw) / c.stride) + 1;
  const out = new Float64Array(n * co * oh * ow);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < co; o++)
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++) {
          let sum = c.b[o]!;
          for (let i = 0; i < ci; i++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = y * c.stride - c.pad + ky;
                const ix = x * c.stride - c.pad + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                sum += c.x.data[((b * ci + i) * h + iy) * wd + ix]! * c.w.data[((o * ci + i) * kh + ky) * kw + kx]!;
              }
          out[((b * co + o) * oh + y) * ow + x] = sum;
        }
  return { dims: [n, co, oh, ow], data: out };
}

function convCase(name: string, [n, ci, size]: [number, number, number], [co, k]: [number, number], stride: number, weightFromInput = false): ConvCase {
  const seed = n * 1000 + ci * 100 + co;
  return {
    name,
    x: { dims: [n, ci, size, size], data: values(n * ci * size * size, seed) },
    w: { dims: [co, ci, k, k], data: values(co * ci * k * k, seed + 1) },
    b: values(co, seed + 2),
    stride,
    pad: stride === 1 ? (k - 1) / 2 : 1,
    weightFromInput,
  };
}

/**
 * Convs ONNX Runtime WebGPU 1.30 miscomputed (input channels 6, 9: off by up to ~2 with these
 * values), one it always got right (8), and one whose weight is computed in the graph.
 */
export function convCases(): ConvCase[] {
  return [
    convCase('6 -> 32 channels, 3x3 (the default autoencoder\'s decoder.code)', [2, 6, 8], [32, 3], 1),
    convCase('9 -> 8 channels, 4x4 stride 2', [1, 9, 8], [8, 4], 2),
    convCase('6 -> 16 channels, 3x3, weight computed in the graph', [1, 6, 8], [16, 3], 1, true),
    convCase('8 -> 32 channels, 3x3 (always right)', [1, 8, 8], [32, 3], 1),
  ];
}
