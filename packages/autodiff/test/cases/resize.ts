import type { GradientCase } from '../support/check';

// Resize is linear in X, so finite differences are exact up to rounding; the cases cover both
// modes, upsampling and downsampling, scales and sizes, each coordinate transformation and
// nearest rounding the rule supports, an `axes` subset, and resizing a non-spatial axis.
export const resizeCases: readonly GradientCase[] = [
  {
    name: 'Resize nearest 2x (half_pixel, round_prefer_floor)',
    inputs: [{ shape: [2, 3, 4, 4] }],
    build: (g, x) => g.resize(x!, { scales: [1, 1, 2, 2] }),
  },
  {
    name: 'Resize linear 2x (half_pixel)',
    inputs: [{ shape: [2, 3, 4, 5] }],
    build: (g, x) => g.resize(x!, { scales: [1, 1, 2, 2], mode: 'linear' }),
  },
  {
    name: 'Resize linear to sizes 7x8, align_corners',
    inputs: [{ shape: [1, 2, 3, 5] }],
    build: (g, x) => g.resize(x!, { sizes: [1, 2, 7, 8], mode: 'linear', coordinateTransformationMode: 'align_corners' }),
  },
  {
    name: 'Resize linear downsample 0.6, pytorch_half_pixel',
    inputs: [{ shape: [1, 2, 5, 7] }],
    build: (g, x) => g.resize(x!, { scales: [1, 1, 0.6, 0.6], mode: 'linear', coordinateTransformationMode: 'pytorch_half_pixel' }),
  },
  {
    name: 'Resize nearest sizes on axes [2,3], asymmetric floor',
    inputs: [{ shape: [1, 2, 3, 4] }],
    build: (g, x) => g.resize(x!, { sizes: [7, 6], axes: [2, 3], coordinateTransformationMode: 'asymmetric', nearestMode: 'floor' }),
  },
  {
    name: 'Resize nearest 3x on the last axis of a 3-D input, round_prefer_ceil',
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, x) => g.resize(x!, { scales: [1, 1, 3], nearestMode: 'round_prefer_ceil' }),
  },
  {
    name: 'Resize linear on the channel axis, asymmetric',
    inputs: [{ shape: [2, 3, 2, 2] }],
    build: (g, x) => g.resize(x!, { scales: [1, 2, 1, 1], mode: 'linear', coordinateTransformationMode: 'asymmetric' }),
    // ONNX Runtime 1.30's WebGPU Resize computes wrong forward values when the channel axis is
    // resized (max error 1.8 against the float64 reference); the rule's MatMul branch for a
    // middle axis is checked on WebGPU by the 4-D cases (the height axis).
    providers: ['cpu'],
  },
  {
    name: 'Resize linear sizes with keep_aspect_ratio_policy not_larger',
    inputs: [{ shape: [1, 1, 4, 6] }],
    build: (g, x) => g.resize(x!, { sizes: [6, 12], axes: [2, 3], mode: 'linear', keepAspectRatioPolicy: 'not_larger' }),
  },
];
