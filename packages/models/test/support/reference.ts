// Float64 reference implementations of the layers, written from PyTorch's definitions
// (Conv2d, ConvTranspose2d, Linear), independent of ONNX Runtime and of the graph code.
import type { Model, Tensor } from '@losskit/graph';

export interface Array4 {
  data: Float64Array;
  dims: [number, number, number, number];
}

export function conv2d(x: Array4, w: ArrayLike<number>, b: ArrayLike<number>, outC: number, k: number, stride: number, pad: number): Array4 {
  const [n, c, h, wd] = x.dims;
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((wd + 2 * pad - k) / stride) + 1;
  const out = new Float64Array(n * outC * oh * ow);
  for (let s = 0; s < n; s++)
    for (let o = 0; o < outC; o++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let sum = b[o]!;
          for (let ci = 0; ci < c; ci++)
            for (let ki = 0; ki < k; ki++)
              for (let kj = 0; kj < k; kj++) {
                const y = i * stride - pad + ki;
                const xx = j * stride - pad + kj;
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                sum += x.data[((s * c + ci) * h + y) * wd + xx]! * w[((o * c + ci) * k + ki) * k + kj]!;
              }
          out[((s * outC + o) * oh + i) * ow + j] = sum;
        }
  return { data: out, dims: [n, outC, oh, ow] };
}

/** PyTorch ConvTranspose2d: each input pixel scatters `w[ci, o]` scaled by its value. */
export function convTranspose2d(x: Array4, w: ArrayLike<number>, b: ArrayLike<number>, outC: number, k: number, stride: number, pad: number): Array4 {
  const [n, c, h, wd] = x.dims;
  const oh = (h - 1) * stride - 2 * pad + k;
  const ow = (wd - 1) * stride - 2 * pad + k;
  const out = new Float64Array(n * outC * oh * ow);
  for (let s = 0; s < n; s++)
    for (let o = 0; o < outC; o++) for (let p = 0; p < oh * ow; p++) out[(s * outC + o) * oh * ow + p] = b[o]!;
  for (let s = 0; s < n; s++)
    for (let ci = 0; ci < c; ci++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < wd; j++) {
          const v = x.data[((s * c + ci) * h + i) * wd + j]!;
          for (let o = 0; o < outC; o++)
            for (let ki = 0; ki < k; ki++)
              for (let kj = 0; kj < k; kj++) {
                const y = i * stride - pad + ki;
                const xx = j * stride - pad + kj;
                if (y < 0 || y >= oh || xx < 0 || xx >= ow) continue;
                out[((s * outC + o) * oh + y) * ow + xx]! += v * w[((ci * outC + o) * k + ki) * k + kj]!;
              }
        }
  return { data: out, dims: [n, outC, oh, ow] };
}

/** PyTorch Linear: `y = x W^T + b` with W stored `[out, in]`. */
export function linear(x: Float64Array, n: number, inF: number, w: ArrayLike<number>, b: ArrayLike<number>, outF: number): Float64Array {
  const out = new Float64Array(n * outF);
  for (let s = 0; s < n; s++)
    for (let o = 0; o < outF; o++) {
      let sum = b[o]!;
      for (let i = 0; i < inF; i++) sum += x[s * inF + i]! * w[o * inF + i]!;
      out[s * outF + o] = sum;
    }
  return out;
}

export const relu = (v: Float64Array): Float64Array => v.map((x) => Math.max(0, x));
export const leakyRelu = (v: Float64Array, alpha: number): Float64Array => v.map((x) => (x >= 0 ? x : alpha * x));
export const sigmoid = (v: Float64Array): Float64Array => v.map((x) => 1 / (1 + Math.exp(-x)));

export function parameter(model: Model, name: string): Tensor & { data: Float32Array } {
  const t = model.graph.initializers.find((i) => i.name === name);
  if (!t) throw new Error(`no initializer ${name}`);
  return t as Tensor & { data: Float32Array };
}

/**
 * PyTorch `F.interpolate(x, scale_factor=2, mode=...)`: `nearest` repeats each pixel 2x2 (PyTorch's
 * legacy nearest, which ONNX's half-pixel round_prefer_floor equals at scale 2); `bilinear` with
 * `align_corners=False` samples at (o + 0.5) / 2 - 0.5, clamped to the image.
 */
export function upsample2x(x: Array4, mode: 'nearest' | 'linear'): Array4 {
  const [n, c, h, w] = x.dims;
  const out = new Float64Array(n * c * 4 * h * w);
  const taps = (o: number, size: number): [number, number, number] => {
    if (mode === 'nearest') return [Math.floor(o / 2), Math.floor(o / 2), 0];
    const src = Math.min(Math.max((o + 0.5) / 2 - 0.5, 0), size - 1);
    const low = Math.floor(src);
    return [low, Math.min(low + 1, size - 1), src - low];
  };
  for (let p = 0; p < n * c; p++)
    for (let i = 0; i < 2 * h; i++) {
      const [y0, y1, ty] = taps(i, h);
      for (let j = 0; j < 2 * w; j++) {
        const [x0, x1, tx] = taps(j, w);
        const at = (y: number, xx: number) => x.data[(p * h + y) * w + xx]!;
        const top = at(y0, x0) * (1 - tx) + at(y0, x1) * tx;
        const bottom = at(y1, x0) * (1 - tx) + at(y1, x1) * tx;
        out[(p * 2 * h + i) * 2 * w + j] = top * (1 - ty) + bottom * ty;
      }
    }
  return { data: out, dims: [n, c, 2 * h, 2 * w] };
}

/** The conv autoencoder's forward pass in float64 (LeakyRelu 0.2 unless `alpha` is 0, ReLU). */
export function autoencoderReference(
  model: Model,
  image: Float32Array,
  dims: Array4['dims'],
  widths: number[],
  bottleneck: number,
  alpha = 0.2,
  upsampling: 'nearest' | 'linear' = 'linear',
): Float64Array {
  const p = (name: string) => parameter(model, name).data;
  const act = (x: Array4): Array4 => ({ ...x, data: leakyRelu(x.data, alpha) });
  const conv3 = (x: Array4, name: string, out: number) => conv2d(x, p(`${name}.weight`), p(`${name}.bias`), out, 3, 1, 1);
  let x: Array4 = { data: Float64Array.from(image), dims };
  widths.forEach((width, i) => {
    x = act(conv2d(x, p(`encoder.${i}.weight`), p(`encoder.${i}.bias`), width, 4, 2, 1));
  });
  x = conv3(x, 'encoder.code', bottleneck);
  x = act(conv3(x, 'decoder.code', widths[widths.length - 1]!));
  const outs = widths.slice(0, -1).toReversed();
  outs.forEach((width, i) => {
    x = act(conv3(upsample2x(x, upsampling), `decoder.${i}`, width));
  });
  x = conv3(upsample2x(x, upsampling), `decoder.${outs.length}`, dims[1]);
  return sigmoid(x.data);
}

/** The binary classifier's forward pass in float64. */
export function classifierReference(model: Model, image: Float32Array, dims: Array4['dims'], widths: number[]): Float64Array {
  const p = (name: string) => parameter(model, name).data;
  let x: Array4 = { data: Float64Array.from(image), dims };
  widths.forEach((width, i) => {
    x = conv2d(x, p(`features.${i}.weight`), p(`features.${i}.bias`), width, 4, 2, 1);
    x = { ...x, data: relu(x.data) };
  });
  const features = x.dims[1] * x.dims[2] * x.dims[3];
  return linear(x.data, dims[0], features, p('head.weight'), p('head.bias'), 1);
}

/** PyTorch MaxPool2d(2): the largest of each 2x2 block. */
export function maxPool2d(x: Array4): Array4 {
  const [n, c, h, w] = x.dims;
  const [oh, ow] = [Math.floor(h / 2), Math.floor(w / 2)];
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const at = (y: number, xx: number) => x.data[(p * h + y) * w + xx]!;
        out[(p * oh + i) * ow + j] = Math.max(at(2 * i, 2 * j), at(2 * i, 2 * j + 1), at(2 * i + 1, 2 * j), at(2 * i + 1, 2 * j + 1));
      }
  return { data: out, dims: [n, c, oh, ow] };
}

/** mlpClassifier's forward pass in float64: flatten, ReLU hidden layers, linear head. */
export function mlpReference(model: Model, image: Float32Array, dims: Array4['dims'], hidden: number[], classes: number): Float64Array {
  const p = (name: string) => parameter(model, name).data;
  let features = dims[1] * dims[2] * dims[3];
  let x: Float64Array = Float64Array.from(image);
  hidden.forEach((units, i) => {
    x = relu(linear(x, dims[0], features, p(`hidden.${i}.weight`), p(`hidden.${i}.bias`), units));
    features = units;
  });
  return linear(x, dims[0], features, p('head.weight'), p('head.bias'), classes);
}

/** cnnClassifier's forward pass in float64: per width a 3x3 conv (pad 1), ReLU and 2x2 max pool, then a linear head. */
export function cnnReference(model: Model, image: Float32Array, dims: Array4['dims'], widths: number[], classes: number): Float64Array {
  const p = (name: string) => parameter(model, name).data;
  let x: Array4 = { data: Float64Array.from(image), dims };
  widths.forEach((width, i) => {
    const y = conv2d(x, p(`features.${i}.weight`), p(`features.${i}.bias`), width, 3, 1, 1);
    x = maxPool2d({ ...y, data: relu(y.data) });
  });
  return linear(x.data, dims[0], x.dims[1] * x.dims[2] * x.dims[3], p('head.weight'), p('head.bias'), classes);
}
