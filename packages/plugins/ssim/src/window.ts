/**
 * The 1-D Gaussian window of SSIM: `exp(-d² / 2σ²)` at offsets `d = -(size - 1)/2 .. (size - 1)/2`,
 * normalised to sum 1 (pytorch-msssim's `_fspecial_gauss_1d`, scipy's `gaussian_filter` kernel
 * that scikit-image uses). The 2-D window is its outer product with itself, so filtering with it
 * is one pass along each spatial axis.
 */
export function gaussianWindow(size: number, sigma: number): Float64Array {
  const half = (size - 1) / 2;
  const window = Float64Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const sum = window.reduce((a, b) => a + b, 0);
  return window.map((w) => w / sum);
}

/** The stabilising constants `C1 = (k1 L)²` and `C2 = (k2 L)²` for the data range `L`. */
export function ssimConstants(settings: { readonly k1: number; readonly k2: number; readonly dataRange: number }): { c1: number; c2: number } {
  return { c1: (settings.k1 * settings.dataRange) ** 2, c2: (settings.k2 * settings.dataRange) ** 2 };
}
