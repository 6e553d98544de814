// Conv, MaxPool and AveragePool over 2-D images in float64, written from the ONNX operator
// specifications: the ground truth the loss graph's features are checked against.
import { type Float64Tensor, type Node, UnsupportedOperatorError } from '@losskit/core';

/** Integer attributes of a node, with a default when absent. */
export function ints(node: Node, name: string, fallback: readonly number[]): readonly number[] {
  const a = node.attributes[name];
  return a?.type === 'ints' ? a.value : fallback;
}

export function int(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
}

/** Where a window of one spatial axis starts and how far its taps are apart. */
interface Axis {
  readonly size: number;
  readonly out: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBegin: number;
  readonly padEnd: number;
}

/** The two spatial axes of a window op on `[N, C, H, W]`, from its attributes (explicit pads; VALID means none). */
function windowAxes(node: Node, dims: readonly number[], kernel: readonly number[], ceil: boolean): [Axis, Axis] {
  const autoPad = node.attributes.auto_pad;
  if (dims.length !== 4 || (autoPad?.type === 'string' && autoPad.value !== 'NOTSET' && autoPad.value !== 'VALID')) {
    throw new UnsupportedOperatorError([node.op], `perceptual's float64 reference takes 2-D windows with explicit pads, not [${dims.join(', ')}] with auto_pad ${autoPad?.value ?? 'NOTSET'}`);
  }
  const strides = ints(node, 'strides', [1, 1]);
  const dilations = ints(node, 'dilations', [1, 1]);
  const pads = ints(node, 'pads', [0, 0, 0, 0]);
  const axis = (i: 0 | 1): Axis => {
    const size = dims[2 + i]!;
    const span = dilations[i]! * (kernel[i]! - 1) + 1;
    const room = size + pads[i]! + pads[2 + i]! - span;
    let out = (ceil ? Math.ceil(room / strides[i]!) : Math.floor(room / strides[i]!)) + 1;
    // A last window must start inside the input or its begin padding (PyTorch's and ONNX's rule).
    if (ceil && (out - 1) * strides[i]! >= size + pads[i]!) out--;
    return { size, out, kernel: kernel[i]!, stride: strides[i]!, dilation: dilations[i]!, padBegin: pads[i]!, padEnd: pads[2 + i]! };
  };
  return [axis(0), axis(1)];
}

/** The input position of output `o`'s tap `k` along an axis (outside the input where it falls in the padding). */
const tap = (axis: Axis, o: number, k: number): number => o * axis.stride - axis.padBegin + k * axis.dilation;

const inside = (axis: Axis, p: number): boolean => p >= 0 && p < axis.size;

const padded = (axis: Axis, p: number): boolean => p >= -axis.padBegin && p < axis.size + axis.padEnd;

/** ONNX Conv on `[N, C, H, W]` with weights `[M, C / group, kH, kW]` and an optional bias `[M]`. */
export function conv(x: Float64Tensor, w: Float64Tensor, bias: Float64Tensor | undefined, node: Node): Float64Tensor {
  const [n, channels] = x.dims as [number, number];
  const [m, perGroup, kh, kw] = w.dims as [number, number, number, number];
  const group = int(node, 'group', 1);
  const [ay, ax] = windowAxes(node, x.dims, [kh, kw], false);
  const outPerGroup = m / group;
  const out = new Float64Array(n * m * ay.out * ax.out);
  let index = 0;
  for (let b = 0; b < n; b++) {
    for (let f = 0; f < m; f++) {
      const firstChannel = Math.floor(f / outPerGroup) * perGroup;
      for (let oy = 0; oy < ay.out; oy++) {
        for (let ox = 0; ox < ax.out; ox++) {
          let sum = bias ? bias.data[f]! : 0;
          for (let c = 0; c < perGroup; c++) {
            const plane = (b * channels + firstChannel + c) * ay.size * ax.size;
            const kernel = (f * perGroup + c) * kh * kw;
            for (let ky = 0; ky < kh; ky++) {
              const y = tap(ay, oy, ky);
              if (!inside(ay, y)) continue;
              for (let kx = 0; kx < kw; kx++) {
                const xx = tap(ax, ox, kx);
                if (inside(ax, xx)) sum += x.data[plane + y * ax.size + xx]! * w.data[kernel + ky * kw + kx]!;
              }
            }
          }
          out[index++] = sum;
        }
      }
    }
  }
  return { data: out, dims: [n, m, ay.out, ax.out] };
}

/**
 * MaxPool (the largest tap inside the input) or AveragePool (the sum over the taps inside the
 * input, divided by their count, or with `count_include_pad` by the taps inside the padded input)
 * on `[N, C, H, W]`.
 */
export function pool(x: Float64Tensor, node: Node): Float64Tensor {
  const [n, channels] = x.dims as [number, number];
  const [ay, ax] = windowAxes(node, x.dims, ints(node, 'kernel_shape', []), int(node, 'ceil_mode', 0) === 1);
  const max = node.op === 'MaxPool';
  const includePad = int(node, 'count_include_pad', 0) === 1;
  const out = new Float64Array(n * channels * ay.out * ax.out);
  let index = 0;
  for (let plane = 0; plane < n * channels; plane++) {
    const base = plane * ay.size * ax.size;
    for (let oy = 0; oy < ay.out; oy++) {
      for (let ox = 0; ox < ax.out; ox++) {
        let result = max ? Number.NEGATIVE_INFINITY : 0;
        let count = 0;
        for (let ky = 0; ky < ay.kernel; ky++) {
          const y = tap(ay, oy, ky);
          for (let kx = 0; kx < ax.kernel; kx++) {
            const xx = tap(ax, ox, kx);
            if (inside(ay, y) && inside(ax, xx)) {
              const v = x.data[base + y * ax.size + xx]!;
              result = max ? Math.max(result, v) : result + v;
            }
            if (includePad ? padded(ay, y) && padded(ax, xx) : inside(ay, y) && inside(ax, xx)) count++;
          }
        }
        out[index++] = max ? result : result / count;
      }
    }
  }
  return { data: out, dims: [n, channels, ay.out, ax.out] };
}
