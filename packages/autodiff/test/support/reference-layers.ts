// float64 implementations, from the ONNX specification (and PyTorch where ONNX defers to it), of
// the layers exporters write: max pooling, batch, layer and instance normalization, LogSoftmax,
// Erf, HardSigmoid, HardSwish, Split and inference-mode Dropout. Kept apart from reference.ts only for size.
import type { Node } from '@losskit/graph';
import { type F64, type ReferenceOp, float, indices, int, ints, map, numel, softmax, stridesOf } from './reference';

/** erf by its Maclaurin series (|x| <= 3, ~1e-12) or continued fraction of erfc (|x| > 3). */
export function erf(x: number): number {
  if (Math.abs(x) > 3) {
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    const a = Math.abs(x);
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
    const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    return Math.sign(x) * (1 - erfc);
  }
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** MaxPool with pads (never chosen), dilations and ceil_mode (windows already sized by outShape). */
function maxPool(x: F64, node: Node, outShape: readonly number[]): F64 {
  const kernel = ints(node, 'kernel_shape')!;
  const spatial = kernel.length;
  const strides = ints(node, 'strides') ?? kernel.map(() => 1);
  const dilations = ints(node, 'dilations') ?? kernel.map(() => 1);
  const pads = ints(node, 'pads') ?? [...kernel, ...kernel].map(() => 0);
  const inS = x.shape.slice(2);
  const xStrides = stridesOf(x.shape);
  const data = new Float64Array(numel(outShape));
  indices(outShape).forEach((o, flat) => {
    let best = -Infinity;
    for (const k of indices(kernel)) {
      let xi = o[0]! * xStrides[0]! + o[1]! * xStrides[1]!;
      let inside = true;
      for (let s = 0; s < spatial; s++) {
        const p = o[s + 2]! * strides[s]! - pads[s]! + k[s]! * dilations[s]!;
        if (p < 0 || p >= inS[s]!) inside = false;
        xi += p * xStrides[s + 2]!;
      }
      if (inside) best = Math.max(best, x.data[xi]!);
    }
    data[flat] = best;
  });
  return { shape: outShape, data };
}

/** BatchNormalization; training mode normalises with the batch's mean and biased variance. */
function batchNormalization(xs: readonly (F64 | undefined)[], node: Node): F64[] {
  const [x, scale, bias, mean, variance] = xs as F64[];
  const [n, c] = x!.shape as [number, number];
  const inner = numel(x!.shape.slice(2));
  const epsilon = float(node, 'epsilon', 1e-5);
  const training = int(node, 'training_mode', 0) === 1;
  const mu = new Float64Array(c);
  const sigma2 = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    if (!training) {
      mu[ch] = mean!.data[ch]!;
      sigma2[ch] = variance!.data[ch]!;
      continue;
    }
    let s = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) s += x!.data[(b * c + ch) * inner + i]!;
    mu[ch] = s / (n * inner);
    let v = 0;
    for (let b = 0; b < n; b++) for (let i = 0; i < inner; i++) v += (x!.data[(b * c + ch) * inner + i]! - mu[ch]!) ** 2;
    sigma2[ch] = v / (n * inner);
  }
  const data = x!.data.map((v, flat) => {
    const ch = Math.floor(flat / inner) % c;
    return ((v - mu[ch]!) / Math.sqrt(sigma2[ch]! + epsilon)) * scale!.data[ch]! + bias!.data[ch]!;
  });
  return [{ shape: x!.shape, data }];
}

/**
 * Normalises `x` over the trailing axes from `from` on, per leading index (LayerNormalization with
 * from = axis; InstanceNormalization with from = 2 per sample and channel), biased variance.
 */
function normaliseTrailing(x: F64, from: number, epsilon: number): Float64Array {
  const inner = numel(x.shape.slice(from));
  const out = new Float64Array(x.data.length);
  for (let start = 0; start < x.data.length; start += inner) {
    let mean = 0;
    for (let i = 0; i < inner; i++) mean += x.data[start + i]!;
    mean /= inner;
    let variance = 0;
    for (let i = 0; i < inner; i++) variance += (x.data[start + i]! - mean) ** 2;
    variance /= inner;
    for (let i = 0; i < inner; i++) out[start + i] = (x.data[start + i]! - mean) / Math.sqrt(variance + epsilon);
  }
  return out;
}

/** `t` (shape broadcastable to the trailing axes of `shape`) at flat position `flat` of `shape`. */
function trailingAt(t: F64, shape: readonly number[], flat: number): number {
  const strides = stridesOf(t.shape);
  const offset = shape.length - t.shape.length;
  let rest = flat;
  let index = 0;
  for (let i = shape.length - 1; i >= 0; i--) {
    const coordinate = rest % shape[i]!;
    rest = Math.floor(rest / shape[i]!);
    if (i >= offset && t.shape[i - offset] !== 1) index += coordinate * strides[i - offset]!;
  }
  return t.data[index]!;
}

function layerNormalization(xs: readonly (F64 | undefined)[], node: Node): F64[] {
  const [x, scale, bias] = xs as [F64, F64, F64 | undefined];
  const raw = int(node, 'axis', -1);
  const axis = raw < 0 ? raw + x.shape.length : raw;
  const normalised = normaliseTrailing(x, axis, float(node, 'epsilon', 1e-5));
  const data = normalised.map((v, flat) => v * trailingAt(scale, x.shape, flat) + (bias ? trailingAt(bias, x.shape, flat) : 0));
  return [{ shape: x.shape, data }];
}

function instanceNormalization(xs: readonly (F64 | undefined)[], node: Node): F64[] {
  const [x, scale, bias] = xs as [F64, F64, F64];
  const c = x.shape[1]!;
  const inner = numel(x.shape.slice(2));
  const normalised = normaliseTrailing(x, 2, float(node, 'epsilon', 1e-5));
  const data = normalised.map((v, flat) => {
    const ch = Math.floor(flat / inner) % c;
    return v * scale.data[ch]! + bias.data[ch]!;
  });
  return [{ shape: x.shape, data }];
}

function split(x: F64, node: Node, outShapes: readonly (readonly number[])[]): F64[] {
  const rank = x.shape.length;
  const raw = int(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  const strides = stridesOf(x.shape);
  let offset = 0;
  return outShapes.map((shape) => {
    const start = offset;
    offset += shape[axis]!;
    const data = new Float64Array(numel(shape));
    indices(shape).forEach((idx, flat) => {
      data[flat] = x.data[idx.reduce((s, v, i) => s + (i === axis ? v + start : v) * strides[i]!, 0)]!;
    });
    return { shape, data };
  });
}

/** The layer operators, keyed by ONNX type. */
export const LAYER_OPS: Readonly<Record<string, ReferenceOp>> = {
  MaxPool: ([x], node, shapes) => [maxPool(x!, node, shapes[0]!)],
  BatchNormalization: (xs, node) => batchNormalization(xs, node),
  LayerNormalization: (xs, node) => layerNormalization(xs, node),
  InstanceNormalization: (xs, node) => instanceNormalization(xs, node),
  // log(softmax) in float64 is exact to ~1e-16 for the moderate inputs of the cases.
  LogSoftmax: ([x], node) => [map(softmax(x!, int(node, 'axis', -1)), Math.log)],
  Erf: ([x]) => [map(x!, erf)],
  HardSigmoid: ([x], node) => {
    const alpha = float(node, 'alpha', 0.2);
    const beta = float(node, 'beta', 0.5);
    return [map(x!, (v) => Math.max(0, Math.min(1, alpha * v + beta)))];
  },
  Elu: ([x], node) => {
    const alpha = float(node, 'alpha', 1);
    return [map(x!, (v) => (v > 0 ? v : alpha * Math.expm1(v)))];
  },
  Selu: ([x], node) => {
    const alpha = float(node, 'alpha', 1.67326319217681884765625);
    const gamma = float(node, 'gamma', 1.05070102214813232421875);
    return [map(x!, (v) => gamma * (v > 0 ? v : alpha * Math.expm1(v)))];
  },
  Celu: ([x], node) => {
    const alpha = float(node, 'alpha', 1);
    return [map(x!, (v) => Math.max(0, v) + Math.min(0, alpha * Math.expm1(v / alpha)))];
  },
  Softsign: ([x]) => [map(x!, (v) => v / (1 + Math.abs(v)))],
  GlobalMaxPool: ([x]) => {
    const [n, c] = x!.shape as [number, number];
    const inner = numel(x!.shape.slice(2));
    const data = Float64Array.from({ length: n * c }, (_, i) => Math.max(...x!.data.subarray(i * inner, (i + 1) * inner)));
    return [{ shape: [n, c, ...x!.shape.slice(2).map(() => 1)], data }];
  },
  HardSwish: ([x]) => [map(x!, (v) => v * Math.max(0, Math.min(1, v / 6 + 0.5)))],
  Split: ([x], node, shapes) => split(x!, node, shapes),
  Dropout: ([x]) => [x!, map(x!, () => 1)],
};
