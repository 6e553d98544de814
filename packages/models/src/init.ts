import { numel } from '@losskit/graph';
import type { Random } from './random';

/**
 * The fan-in of a weight tensor as PyTorch computes it (`_calculate_fan_in_and_fan_out`):
 * `dims[1]` times the receptive field. For a Conv weight `[out, in, kh, kw]` that is
 * `in * kh * kw`; for a ConvTranspose weight `[in, out, kh, kw]` it is `out * kh * kw`; for a
 * Gemm weight stored `[out, in]` (transB = 1) it is `in`.
 */
export function fanIn(dims: readonly number[]): number {
  let receptive = 1;
  for (let i = 2; i < dims.length; i++) receptive *= dims[i]!;
  return (dims[1] ?? 1) * receptive;
}

/**
 * The bound of Kaiming-uniform initialisation, `gain * sqrt(3 / fanIn)` with the leaky-ReLU
 * gain `sqrt(2 / (1 + a^2))`. PyTorch's Conv and Linear layers use `a = sqrt(5)`, which
 * gives `1 / sqrt(fanIn)`.
 */
export function kaimingUniformBound(fan: number, a: number = Math.sqrt(5)): number {
  const gain = Math.sqrt(2 / (1 + a * a));
  return gain * Math.sqrt(3 / fan);
}

/** Fills a new float32 array of `size` values drawn uniformly from `[-bound, bound)`. */
export function uniformArray(size: number, bound: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (2 * random.next() - 1) * bound;
  return data;
}

/** A weight and its bias, initialised like PyTorch's default for Conv, ConvTranspose and Linear. */
export interface InitializedLayer {
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** The bound both were drawn with: `1 / sqrt(fanIn)`. */
  readonly bound: number;
}

/**
 * PyTorch's default initialisation (`reset_parameters` of `nn.Conv2d`, `nn.ConvTranspose2d`
 * and `nn.Linear`): weights Kaiming-uniform with `a = sqrt(5)` and biases uniform in
 * `±1 / sqrt(fanIn)`; both bounds equal `1 / sqrt(fanIn)`.
 */
export function initLayer(weightDims: readonly number[], biasSize: number, random: Random): InitializedLayer {
  const fan = fanIn(weightDims);
  const bound = kaimingUniformBound(fan);
  const size = numel(weightDims);
  const weight = uniformArray(size, bound, random);
  const bias = uniformArray(biasSize, 1 / Math.sqrt(fan), random);
  return { weight, bias, bound };
}
