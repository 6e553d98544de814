// A float64 interpreter of ONNX nodes, written from the ONNX operator specifications and
// independent of the gradient rules: finite differences of graphs evaluated with it are the
// ground truth the gradient graphs are checked against. Every case also compares it with ONNX
// Runtime's forward output, so a mistake here cannot hide.
import type { Attribute, GraphBuilder, Node } from '@losskit/graph';
import { EINSUM_OPS } from './reference-einsum';
import { INDEXING_OPS } from './reference-indexing';
import { LAYER_OPS } from './reference-layers';
import { RECURRENT_OPS } from './reference-recurrent';
import { REDUCE_OPS } from './reference-reduce';

/** A dense float64 tensor (booleans as 0/1, integers as exact numbers). */
export interface F64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A custom operator's float64 implementation, for graphs with ops outside this interpreter. */
export type ReferenceOp = (inputs: readonly (F64 | undefined)[], node: Node, outputShapes: readonly (readonly number[])[]) => F64[];

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Every multi-index of `shape`, in row-major order. */
export function indices(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const total = numel(shape);
  for (let flat = 0; flat < total; flat++) {
    const idx = new Array<number>(shape.length);
    let rest = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rest % shape[i]!;
      rest = Math.floor(rest / shape[i]!);
    }
    out.push(idx);
  }
  return out;
}

function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    return d;
  });
}

/** `t` broadcast (numpy rules) and materialised to `shape`. */
function expandTo(t: F64, shape: readonly number[]): Float64Array {
  const lead = shape.length - t.shape.length;
  const inStrides = stridesOf(t.shape);
  const eff = shape.map((_, i) => (i < lead || t.shape[i - lead] === 1 ? 0 : inStrides[i - lead]!));
  const out = new Float64Array(numel(shape));
  indices(shape).forEach((idx, flat) => {
    let src = 0;
    for (let i = 0; i < idx.length; i++) src += idx[i]! * eff[i]!;
    out[flat] = t.data[src]!;
  });
  return out;
}

function zip(inputs: readonly F64[], f: (...v: number[]) => number): F64 {
  const shape = broadcastShape(inputs.map((t) => t.shape));
  const arrays = inputs.map((t) => expandTo(t, shape));
  const data = new Float64Array(numel(shape));
  const args = new Array<number>(arrays.length);
  for (let i = 0; i < data.length; i++) {
    for (let j = 0; j < arrays.length; j++) args[j] = arrays[j]![i]!;
    data[i] = f(...args);
  }
  return { shape, data };
}

export function map(t: F64, f: (v: number) => number): F64 {
  return { shape: t.shape, data: t.data.map(f) };
}

export function ints(node: Node, name: string): readonly number[] | undefined {
  const a: Attribute | undefined = node.attributes[name];
  return a?.type === 'ints' ? a.value : undefined;
}

export function int(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'int' ? a.value : fallback;
}

export function float(node: Node, name: string, fallback: number): number {
  const a = node.attributes[name];
  return a?.type === 'float' ? a.value : fallback;
}

function str(node: Node, name: string, fallback: string): string {
  const a = node.attributes[name];
  return a?.type === 'string' ? a.value : fallback;
}

function reduce(x: F64, axesInput: F64 | undefined, node: Node, mean: boolean): F64 {
  const rank = x.shape.length;
  let axes = axesInput ? Array.from(axesInput.data, (a) => (a < 0 ? a + rank : a)) : [];
  if (axes.length === 0) axes = int(node, 'noop_with_empty_axes', 0) ? [] : x.shape.map((_, i) => i);
  const keep = int(node, 'keepdims', 1) === 1;
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = stridesOf(kept);
  const data = new Float64Array(numel(kept));
  indices(x.shape).forEach((idx, flat) => {
    let dst = 0;
    idx.forEach((v, i) => {
      if (!axes.includes(i)) dst += v * keptStrides[i]!;
    });
    data[dst]! += x.data[flat]!;
  });
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  if (mean) for (let i = 0; i < data.length; i++) data[i]! /= count;
  return { shape: keep ? kept : x.shape.filter((_, i) => !axes.includes(i)), data };
}

function transpose(x: F64, perm: readonly number[]): F64 {
  const shape = perm.map((p) => x.shape[p]!);
  const inStrides = stridesOf(x.shape);
  const data = new Float64Array(x.data.length);
  indices(shape).forEach((idx, flat) => {
    let src = 0;
    idx.forEach((v, i) => {
      src += v * inStrides[perm[i]!]!;
    });
    data[flat] = x.data[src]!;
  });
  return { shape, data };
}

function matMul(a: F64, b: F64): F64 {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const n = b2.shape[b2.shape.length - 1]!;
  const batch = broadcastShape([a2.shape.slice(0, -2), b2.shape.slice(0, -2)]);
  const A = expandTo(a2, [...batch, m, k]);
  const B = expandTo(b2, [...batch, k, n]);
  const count = numel(batch);
  const data = new Float64Array(count * m * n);
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += A[t * m * k + i * k + p]! * B[t * k * n + p * n + j]!;
        data[t * m * n + i * n + j] = acc;
      }
    }
  }
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(m);
  if (b.shape.length > 1) shape.push(n);
  return { shape, data };
}

function gemm(a: F64, b: F64, c: F64 | undefined, node: Node): F64 {
  const A = int(node, 'transA', 0) ? transpose(a, [1, 0]) : a;
  const B = int(node, 'transB', 0) ? transpose(b, [1, 0]) : b;
  const product = matMul(A, B);
  const alpha = float(node, 'alpha', 1);
  const beta = float(node, 'beta', 1);
  return c ? zip([product, c], (p, v) => alpha * p + beta * v) : map(product, (p) => alpha * p);
}

interface Geometry {
  strides: number[];
  dilations: number[];
  begin: number[];
  end: number[];
}

/** Conv / pooling pads, with auto_pad resolved as the ONNX specification defines it. */
function slidingGeometry(node: Node, input: readonly number[], kernel: readonly number[]): Geometry {
  const strides = [...(ints(node, 'strides') ?? kernel.map(() => 1))];
  const dilations = [...(ints(node, 'dilations') ?? kernel.map(() => 1))];
  const mode = str(node, 'auto_pad', 'NOTSET');
  const pads = ints(node, 'pads') ?? [...kernel, ...kernel].map(() => 0);
  let begin = pads.slice(0, kernel.length);
  let end = pads.slice(kernel.length);
  if (mode === 'VALID') {
    begin = kernel.map(() => 0);
    end = kernel.map(() => 0);
  } else if (mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    const totals = input.map((size, i) =>
      Math.max(0, (Math.ceil(size / strides[i]!) - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - size),
    );
    // The odd cell goes to the end for SAME_UPPER, to the start for SAME_LOWER.
    begin = totals.map((t) => (mode === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
    end = totals.map((t, i) => t - begin[i]!);
  }
  return { strides, dilations, begin, end };
}

function conv(x: F64, w: F64, bias: F64 | undefined, node: Node, outShape: readonly number[]): F64 {
  const [n, c] = x.shape as [number, number];
  const [m, cPerGroup] = w.shape as [number, number];
  const group = c / cPerGroup;
  const mPerGroup = m / group;
  const inS = x.shape.slice(2);
  const kS = w.shape.slice(2);
  const outS = outShape.slice(2);
  const geo = slidingGeometry(node, inS, kS);
  const xStrides = stridesOf(x.shape);
  const wStrides = stridesOf(w.shape);
  const taps = indices(kS);
  const positions = indices(outS);
  const data = new Float64Array(numel(outShape));
  let flat = 0;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < m; oc++) {
      const grp = Math.floor(oc / mPerGroup);
      for (const o of positions) {
        let acc = bias ? bias.data[oc]! : 0;
        for (let ic = 0; ic < cPerGroup; ic++) {
          const channel = grp * cPerGroup + ic;
          for (const k of taps) {
            let xi = b * xStrides[0]! + channel * xStrides[1]!;
            let inside = true;
            for (let s = 0; s < k.length; s++) {
              const p = o[s]! * geo.strides[s]! - geo.begin[s]! + k[s]! * geo.dilations[s]!;
              if (p < 0 || p >= inS[s]!) inside = false;
              xi += p * xStrides[s + 2]!;
            }
            if (!inside) continue;
            let wi = oc * wStrides[0]! + ic * wStrides[1]!;
            for (let s = 0; s < k.length; s++) wi += k[s]! * wStrides[s + 2]!;
            acc += x.data[xi]! * w.data[wi]!;
          }
        }
        data[flat++] = acc;
      }
    }
  }
  return { shape: outShape, data };
}

/**
 * ConvTranspose. With output_shape or SAME_* the total padding is derived from the output size;
 * the ONNX specification puts an odd cell at the end for SAME_UPPER and at the start otherwise,
 * and a negative total means no padding.
 */
function convTranspose(x: F64, w: F64, bias: F64 | undefined, node: Node, outShape: readonly number[]): F64 {
  const [n, c] = x.shape as [number, number];
  const mPerGroup = w.shape[1]!;
  const inS = x.shape.slice(2);
  const kS = w.shape.slice(2);
  const outS = outShape.slice(2);
  const group = int(node, 'group', 1);
  const cPerGroup = c / group;
  const strides = ints(node, 'strides') ?? kS.map(() => 1);
  const dilations = ints(node, 'dilations') ?? kS.map(() => 1);
  const outputPadding = ints(node, 'output_padding') ?? kS.map(() => 0);
  const mode = str(node, 'auto_pad', 'NOTSET');
  const pads = ints(node, 'pads') ?? [...kS, ...kS].map(() => 0);
  const derived = ints(node, 'output_shape') !== undefined || mode === 'SAME_UPPER' || mode === 'SAME_LOWER';
  const begin = inS.map((size, i) => {
    if (!derived) return mode === 'VALID' ? 0 : pads[i]!;
    const total = Math.max(0, strides[i]! * (size - 1) + outputPadding[i]! + (kS[i]! - 1) * dilations[i]! + 1 - outS[i]!);
    return mode === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
  });
  const outStrides = stridesOf(outShape);
  const wStrides = stridesOf(w.shape);
  const taps = indices(kS);
  const positions = indices(inS);
  const data = new Float64Array(numel(outShape));
  if (bias) indices(outShape).forEach((idx, flat) => (data[flat] = bias.data[idx[1]!]!));
  let flat = 0;
  for (let b = 0; b < n; b++) {
    for (let ic = 0; ic < c; ic++) {
      const grp = Math.floor(ic / cPerGroup);
      for (const i of positions) {
        const v = x.data[flat++]!;
        for (let mc = 0; mc < mPerGroup; mc++) {
          const oc = grp * mPerGroup + mc;
          for (const k of taps) {
            let yi = b * outStrides[0]! + oc * outStrides[1]!;
            let inside = true;
            for (let s = 0; s < k.length; s++) {
              const o = i[s]! * strides[s]! - begin[s]! + k[s]! * dilations[s]!;
              if (o < 0 || o >= outS[s]!) inside = false;
              yi += o * outStrides[s + 2]!;
            }
            if (!inside) continue;
            let wi = ic * wStrides[0]! + mc * wStrides[1]!;
            for (let s = 0; s < k.length; s++) wi += k[s]! * wStrides[s + 2]!;
            data[yi]! += v * w.data[wi]!;
          }
        }
      }
    }
  }
  return { shape: outShape, data };
}

/**
 * AveragePool. The divisor is the number of taps inside the input (count_include_pad = 0) or
 * inside the padded input (= 1), computed independently per position.
 */
function averagePool(x: F64, node: Node, outShape: readonly number[]): F64 {
  const kS = ints(node, 'kernel_shape')!;
  const inS = x.shape.slice(2);
  const outS = outShape.slice(2);
  const geo = slidingGeometry(node, inS, kS);
  const includePad = int(node, 'count_include_pad', 0) === 1;
  const xStrides = stridesOf(x.shape);
  const taps = indices(kS);
  const positions = indices(outS);
  const data = new Float64Array(numel(outShape));
  let flat = 0;
  for (let b = 0; b < x.shape[0]!; b++) {
    for (let ch = 0; ch < x.shape[1]!; ch++) {
      for (const o of positions) {
        let acc = 0;
        let count = 0;
        for (const k of taps) {
          let xi = b * xStrides[0]! + ch * xStrides[1]!;
          let inside = true;
          let inPadded = true;
          for (let s = 0; s < k.length; s++) {
            const p = o[s]! * geo.strides[s]! - geo.begin[s]! + k[s]! * geo.dilations[s]!;
            if (p < 0 || p >= inS[s]!) inside = false;
            if (p >= inS[s]! + geo.end[s]!) inPadded = false;
            xi += p * xStrides[s + 2]!;
          }
          if (inside) acc += x.data[xi]!;
          if (includePad ? inPadded : inside) count++;
        }
        data[flat++] = acc / count;
      }
    }
  }
  return { shape: outShape, data };
}

function slice(x: F64, starts: F64, ends: F64, axesT: F64 | undefined, stepsT: F64 | undefined, outShape: readonly number[]): F64 {
  const rank = x.shape.length;
  const begin = new Array<number>(rank).fill(0);
  const step = new Array<number>(rank).fill(1);
  const axes = axesT ? Array.from(axesT.data, (a) => (a < 0 ? a + rank : a)) : Array.from(starts.data, (_, i) => i);
  axes.forEach((axis, i) => {
    const dim = x.shape[axis]!;
    const s = stepsT ? stepsT.data[i]! : 1;
    let start = starts.data[i]!;
    if (start < 0) start += dim;
    begin[axis] = s > 0 ? Math.min(Math.max(start, 0), dim) : Math.min(Math.max(start, -1), dim - 1);
    step[axis] = s;
  });
  void ends;
  const inStrides = stridesOf(x.shape);
  const data = new Float64Array(numel(outShape));
  indices(outShape).forEach((idx, flat) => {
    let src = 0;
    idx.forEach((v, i) => {
      src += (begin[i]! + v * step[i]!) * inStrides[i]!;
    });
    data[flat] = x.data[src]!;
  });
  return { shape: outShape, data };
}

function concat(xs: readonly F64[], axis: number, outShape: readonly number[]): F64 {
  const a = axis < 0 ? axis + outShape.length : axis;
  const data = new Float64Array(numel(outShape));
  const outStrides = stridesOf(outShape);
  let offset = 0;
  for (const x of xs) {
    indices(x.shape).forEach((idx, flat) => {
      let dst = 0;
      idx.forEach((v, i) => {
        dst += (i === a ? v + offset : v) * outStrides[i]!;
      });
      data[dst] = x.data[flat]!;
    });
    offset += x.shape[a]!;
  }
  return { shape: outShape, data };
}

function pad(x: F64, pads: F64, value: F64 | undefined, outShape: readonly number[]): F64 {
  const data = new Float64Array(numel(outShape)).fill(value ? value.data[0]! : 0);
  const outStrides = stridesOf(outShape);
  indices(x.shape).forEach((idx, flat) => {
    let dst = 0;
    let inside = true;
    idx.forEach((v, i) => {
      const p = v + pads.data[i]!;
      // Negative pads crop.
      if (p < 0 || p >= outShape[i]!) inside = false;
      dst += p * outStrides[i]!;
    });
    if (inside) data[dst] = x.data[flat]!;
  });
  return { shape: outShape, data };
}

export function softmax(x: F64, axis: number): F64 {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const strides = stridesOf(x.shape);
  const data = new Float64Array(x.data.length);
  indices(x.shape).forEach((idx, flat) => {
    if (idx[a] !== 0) return;
    let max = -Infinity;
    for (let j = 0; j < x.shape[a]!; j++) max = Math.max(max, x.data[flat + j * strides[a]!]!);
    let total = 0;
    for (let j = 0; j < x.shape[a]!; j++) total += Math.exp(x.data[flat + j * strides[a]!]! - max);
    for (let j = 0; j < x.shape[a]!; j++) data[flat + j * strides[a]!] = Math.exp(x.data[flat + j * strides[a]!]! - max) / total;
  });
  return { shape: x.shape, data };
}

/**
 * One output coordinate of Resize along an axis, following the ONNX reference implementation
 * (onnx/reference/ops/op_resize.py): the source coordinate, then the two nearest cells of the
 * edge-padded input and their coefficients (nearest picks one of them, linear blends them).
 */
function resize1d(line: Float64Array, o: number, scale: number, outSize: number, node: Node): number {
  const n = line.length;
  const coordinates = str(node, 'coordinate_transformation_mode', 'half_pixel');
  let x: number;
  if (coordinates === 'align_corners') x = outSize === 1 ? 0 : (o * (n - 1)) / (outSize - 1);
  else if (coordinates === 'asymmetric') x = o / scale;
  else if (coordinates === 'pytorch_half_pixel') x = outSize !== 1 ? (o + 0.5) / scale - 0.5 : -0.5;
  else if (coordinates === 'half_pixel') x = (o + 0.5) / scale - 0.5;
  else throw new Error(`reference: Resize coordinate_transformation_mode ${coordinates} is not implemented`);
  const ratio = Number.isInteger(x) ? 1 : x - Math.floor(x);
  let coeffs: [number, number];
  if (str(node, 'mode', 'nearest') === 'linear') coeffs = [1 - ratio, ratio];
  else if (ratio === 1) coeffs = [0, 1];
  else {
    const nearest = str(node, 'nearest_mode', 'round_prefer_floor');
    if (nearest === 'floor') coeffs = [1, 0];
    else if (nearest === 'ceil') coeffs = [0, 1];
    else if (nearest === 'round_prefer_ceil') coeffs = ratio < 0.5 ? [1, 0] : [0, 1];
    else coeffs = ratio <= 0.5 ? [1, 0] : [0, 1];
  }
  // The two cells of the input padded by one edge value on each side that are closest to x
  // (ties to the lower index), in increasing order.
  const padded = [line[0]!, ...line, line[n - 1]!];
  const xp = x + 1;
  const order = padded.map((_, i) => i).toSorted((a, b) => Math.abs(xp - a) - Math.abs(xp - b) || a - b);
  const [i0, i1] = order.slice(0, 2).toSorted((a, b) => a - b) as [number, number];
  return coeffs[0] * padded[i0]! + coeffs[1] * padded[i1]!;
}

/** Resize (nearest, linear), one axis after another: both modes are separable. */
function resize(x: F64, scales: F64 | undefined, outShape: readonly number[], node: Node): F64 {
  let current = x;
  const axesAttr = ints(node, 'axes');
  const axes = axesAttr ? axesAttr.map((a) => (a < 0 ? a + x.shape.length : a)) : x.shape.map((_, i) => i);
  x.shape.forEach((inSize, axis) => {
    const outSize = outShape[axis]!;
    const k = axes.indexOf(axis);
    const given = scales && scales.data.length > 0 && k >= 0 ? Math.fround(scales.data[k]!) : undefined;
    const scale = given ?? outSize / inSize;
    if (k < 0 || (scale === 1 && inSize === outSize)) return;
    const shape = current.shape.map((d, i) => (i === axis ? outSize : d));
    const inStrides = stridesOf(current.shape);
    const data = new Float64Array(numel(shape));
    const line = new Float64Array(inSize);
    indices(shape).forEach((idx, flat) => {
      let base = 0;
      idx.forEach((v, i) => {
        if (i !== axis) base += v * inStrides[i]!;
      });
      for (let j = 0; j < inSize; j++) line[j] = current.data[base + j * inStrides[axis]!]!;
      data[flat] = resize1d(line, idx[axis]!, scale, outSize, node);
    });
    current = { shape, data };
  });
  return current;
}

/** ONNX Round: halves go to the even neighbour. */
function roundHalfToEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction !== 0.5) return Math.round(v);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** ArgMax / ArgMin along `axis` (first index on ties, `select_last_index` = 0), as indices. */
function argExtremum(x: F64, node: Node, better: (u: number, v: number) => boolean): F64 {
  const rank = x.shape.length;
  const raw = int(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  const kept = x.shape.map((d, i) => (i === axis ? 1 : d));
  const strides = stridesOf(x.shape);
  const data = new Float64Array(numel(kept));
  indices(kept).forEach((idx, flat) => {
    const base = idx.reduce((sum, v, i) => sum + v * strides[i]!, 0);
    let best = 0;
    for (let k = 1; k < x.shape[axis]!; k++) if (better(x.data[base + k * strides[axis]!]!, x.data[base + best * strides[axis]!]!)) best = k;
    data[flat] = best;
  });
  return { shape: int(node, 'keepdims', 1) === 1 ? kept : x.shape.filter((_, i) => i !== axis), data };
}

const castTo: Record<number, (v: number) => number> = {
  1: (v) => v,
  11: (v) => v,
  9: (v) => (v !== 0 ? 1 : 0),
  6: (v) => Math.trunc(v),
  7: (v) => Math.trunc(v),
};

function evaluateNode(node: Node, xs: (F64 | undefined)[], outShapes: readonly (readonly number[])[]): F64[] {
  const [a, b, c] = xs;
  const shape0 = outShapes[0]!;
  const relabel = (t: F64): F64 => ({ shape: shape0, data: t.data });
  switch (node.op) {
    case 'Add': return [zip([a!, b!], (u, v) => u + v)];
    case 'Sub': return [zip([a!, b!], (u, v) => u - v)];
    case 'Mul': return [zip([a!, b!], (u, v) => u * v)];
    case 'Div': return [zip([a!, b!], (u, v) => u / v)];
    case 'Pow': return [zip([a!, b!], (u, v) => u ** v)];
    case 'Max': return [zip(xs as F64[], (...v) => Math.max(...v))];
    case 'Min': return [zip(xs as F64[], (...v) => Math.min(...v))];
    case 'Sum': return [zip(xs as F64[], (...v) => v.reduce((s, t) => s + t, 0))];
    case 'Mean': return [zip(xs as F64[], (...v) => v.reduce((s, t) => s + t, 0) / v.length)];
    case 'Neg': return [map(a!, (v) => -v)];
    case 'Abs': return [map(a!, Math.abs)];
    case 'Sqrt': return [map(a!, Math.sqrt)];
    case 'Exp': return [map(a!, Math.exp)];
    case 'Log': return [map(a!, Math.log)];
    case 'Sin': return [map(a!, Math.sin)];
    case 'Reciprocal': return [map(a!, (v) => 1 / v)];
    case 'Identity': return [a!];
    case 'Relu': return [map(a!, (v) => Math.max(v, 0))];
    case 'LeakyRelu': {
      const alpha = float(node, 'alpha', 0.01);
      return [map(a!, (v) => (v > 0 ? v : alpha * v))];
    }
    case 'Sigmoid': return [map(a!, (v) => 1 / (1 + Math.exp(-v)))];
    case 'Tanh': return [map(a!, Math.tanh)];
    case 'Softplus': return [map(a!, (v) => Math.log1p(Math.exp(v)))];
    case 'Softmax': return [softmax(a!, int(node, 'axis', -1))];
    case 'Clip': {
      const lo = b ? b.data[0]! : -Infinity;
      const hi = c ? c.data[0]! : Infinity;
      return [map(a!, (v) => Math.min(Math.max(v, lo), hi))];
    }
    case 'Where': return [zip([a!, b!, c!], (cond, u, v) => (cond ? u : v))];
    case 'Greater': return [zip([a!, b!], (u, v) => +(u > v))];
    case 'Less': return [zip([a!, b!], (u, v) => +(u < v))];
    case 'Equal': return [zip([a!, b!], (u, v) => +(u === v))];
    case 'GreaterOrEqual': return [zip([a!, b!], (u, v) => +(u >= v))];
    case 'LessOrEqual': return [zip([a!, b!], (u, v) => +(u <= v))];
    case 'And': return [zip([a!, b!], (u, v) => +(u !== 0 && v !== 0))];
    case 'Not': return [map(a!, (v) => +(v === 0))];
    case 'Or': return [zip([a!, b!], (u, v) => +(u !== 0 || v !== 0))];
    case 'Xor': return [zip([a!, b!], (u, v) => +((u !== 0) !== (v !== 0)))];
    case 'IsNaN': return [map(a!, (v) => +Number.isNaN(v))];
    case 'IsInf': return [map(a!, (v) => +(v === Infinity || v === -Infinity))];
    case 'Sign': return [map(a!, Math.sign)];
    case 'Floor': return [map(a!, Math.floor)];
    case 'Ceil': return [map(a!, Math.ceil)];
    case 'Round': return [map(a!, roundHalfToEven)];
    case 'ArgMax': return [argExtremum(a!, node, (u, v) => u > v)];
    case 'ArgMin': return [argExtremum(a!, node, (u, v) => u < v)];
    case 'Shape': return [{ shape: shape0, data: Float64Array.from(a!.shape) }];
    case 'Size': return [{ shape: [], data: Float64Array.of(numel(a!.shape)) }];
    case 'ConstantOfShape': {
      const value = node.attributes.value;
      const fill = value?.type === 'tensor' ? Number((value.value.data as ArrayLike<number | bigint>)[0]) : 0;
      return [{ shape: shape0, data: new Float64Array(numel(shape0)).fill(fill) }];
    }
    case 'Range': return [{ shape: shape0, data: Float64Array.from({ length: numel(shape0) }, (_, i) => a!.data[0]! + i * c!.data[0]!) }];
    case 'Cast': {
      const convert = castTo[int(node, 'to', 1)];
      if (!convert) throw new Error(`reference: Cast to ${int(node, 'to', 1)} is not implemented`);
      return [map(a!, convert)];
    }
    case 'ReduceSum': return [reduce(a!, b, node, false)];
    case 'ReduceMean': return [reduce(a!, b, node, true)];
    case 'Reshape':
    case 'Flatten':
    case 'Squeeze':
    case 'Unsqueeze': return [relabel(a!)];
    case 'Expand': return [{ shape: shape0, data: expandTo(a!, shape0) }];
    case 'Transpose': return [transpose(a!, ints(node, 'perm') ?? a!.shape.map((_, i) => a!.shape.length - 1 - i))];
    case 'Slice': return [slice(a!, b!, c!, xs[3], xs[4], shape0)];
    case 'Concat': return [concat(xs as F64[], int(node, 'axis', 0), shape0)];
    case 'Pad': return [pad(a!, b!, c, shape0)];
    case 'MatMul': return [matMul(a!, b!)];
    case 'Gemm': return [gemm(a!, b!, c, node)];
    case 'Conv': return [conv(a!, b!, c, node, shape0)];
    case 'ConvTranspose': return [convTranspose(a!, b!, c, node, shape0)];
    case 'AveragePool': return [averagePool(a!, node, shape0)];
    case 'Resize': return [resize(a!, c, shape0, node)];
    case 'GlobalAveragePool': {
      const spatial = a!.shape.slice(2).map((_, i) => i + 2);
      return [reduce(a!, { shape: [spatial.length], data: Float64Array.from(spatial) }, node, true)];
    }
    case 'Constant': {
      const value = node.attributes.value;
      if (value?.type !== 'tensor') throw new Error('reference: Constant needs a tensor value');
      return [{ shape: value.value.dims, data: Float64Array.from(value.value.data as ArrayLike<number | bigint>, Number) }];
    }
    default: {
      const layer = LAYER_OPS[node.op] ?? INDEXING_OPS[node.op] ?? REDUCE_OPS[node.op] ?? EINSUM_OPS[node.op] ?? RECURRENT_OPS[node.op];
      if (layer) return layer(xs, node, outShapes);
      throw new Error(`reference: no float64 implementation of ${node.op}`);
    }
  }
}

/**
 * A float64 evaluator of the first `nodeCount` nodes of `g` (the forward graph, before gradient
 * nodes were appended): given the graph inputs, it returns every value by name. Initializers come
 * from the builder; `custom` adds operators, keyed by type (or `domain.type`).
 */
export function createEvaluator(
  g: GraphBuilder,
  nodeCount: number,
  custom: Readonly<Record<string, ReferenceOp>> = {},
): (inputs: Readonly<Record<string, F64>>) => Map<string, F64> {
  const initial = new Map<string, F64>();
  for (const t of g.initializers) {
    initial.set(t.name, { shape: t.dims, data: Float64Array.from(t.data as ArrayLike<number | bigint>, Number) });
  }
  const nodes = g.nodes.slice(0, nodeCount);
  const outShapes = nodes.map((node) => node.outputs.map((name) => g.value(name).shape));
  return (inputs) => {
    const values = new Map(initial);
    for (const [name, t] of Object.entries(inputs)) values.set(name, t);
    nodes.forEach((node, n) => {
      const xs = node.inputs.map((name) => (name === '' ? undefined : values.get(name)));
      const customOp = custom[node.domain ? `${node.domain}.${node.op}` : node.op];
      const results = customOp ? customOp(xs, node, outShapes[n]!) : evaluateNode(node, xs, outShapes[n]!);
      node.outputs.forEach((name, i) => values.set(name, results[i]!));
    });
    return values;
  };
}
