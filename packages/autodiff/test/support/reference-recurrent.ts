// float64 implementations, from the ONNX specification (opset 14), of LSTM, GRU and RNN with their
// default activations, full-length sequences, both layouts and every direction: a plain loop over
// time steps with scalar arithmetic, sharing nothing with the gradient rules.
import type { Node } from '@losskit/graph';
import { type F64, type ReferenceOp, int, numel } from './reference';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function directionCount(node: Node): number {
  const a = node.attributes.direction;
  return a?.type === 'string' && a.value === 'bidirectional' ? 2 : 1;
}

function isReverse(node: Node, d: number): boolean {
  const a = node.attributes.direction;
  return d === 1 || (a?.type === 'string' && a.value === 'reverse');
}

/** The node's inputs read by layout-0 indices, whatever the layout; absent biases and states read 0. */
interface Tensors {
  x(t: number, b: number, i: number): number;
  w(d: number, row: number, i: number): number;
  r(d: number, row: number, j: number): number;
  bias(d: number, k: number): number;
  h0(d: number, b: number, j: number): number;
  c0(d: number, b: number, j: number): number;
}

function at(t: F64, idx: readonly number[]): number {
  let flat = 0;
  for (let k = 0; k < idx.length; k++) flat = flat * t.shape[k]! + idx[k]!;
  return t.data[flat]!;
}

function tensors(inputs: readonly (F64 | undefined)[], layout: number): Tensors {
  const [x, w, r, b, , h, c] = inputs;
  return {
    x: (t, bi, i) => at(x!, layout === 1 ? [bi, t, i] : [t, bi, i]),
    w: (d, row, i) => at(w!, [d, row, i]),
    r: (d, row, j) => at(r!, [d, row, j]),
    bias: (d, k) => (b ? at(b, [d, k]) : 0),
    h0: (d, bi, j) => (h ? at(h, layout === 1 ? [bi, d, j] : [d, bi, j]) : 0),
    c0: (d, bi, j) => (c ? at(c, layout === 1 ? [bi, d, j] : [d, bi, j]) : 0),
  };
}

/** `Σ_i x[t, b, i] W[d, row, i] + Wb[row]` and `Σ_j h[j] R[d, row, j] + Rb[row]`. */
function gate(p: Tensors, d: number, row: number, t: number, b: number, inputSize: number, h: readonly number[], hidden: number, gates: number): { x: number; h: number } {
  let xs = p.bias(d, row);
  for (let i = 0; i < inputSize; i++) xs += p.x(t, b, i) * p.w(d, row, i);
  let hs = p.bias(d, gates * hidden + row);
  for (let j = 0; j < hidden; j++) hs += h[j]! * p.r(d, row, j);
  return { x: xs, h: hs };
}

type Cell = (p: Tensors, d: number, t: number, b: number, h: number[], c: number[], sizes: { input: number; hidden: number }, node: Node) => void;

// i, o, f, c: c' = f c + i tanh(.), h' = o tanh(c').
const lstm: Cell = (p, d, t, b, h, c, { input, hidden }) => {
  const z = (k: number, j: number) => {
    const v = gate(p, d, k * hidden + j, t, b, input, h, hidden, 4);
    return v.x + v.h;
  };
  const next = Array.from({ length: hidden }, (_, j) => {
    const [i, o, f, cc] = [sigmoid(z(0, j)), sigmoid(z(1, j)), sigmoid(z(2, j)), Math.tanh(z(3, j))];
    const cell = f * c[j]! + i * cc;
    return { cell, h: o * Math.tanh(cell) };
  });
  next.forEach((v, j) => {
    c[j] = v.cell;
    h[j] = v.h;
  });
};

// z, r, h: h' = (1 - z) tanh(.) + z h.
const gru: Cell = (p, d, t, b, h, _c, { input, hidden }, node) => {
  const linearBeforeReset = int(node, 'linear_before_reset', 0) === 1;
  const next = Array.from({ length: hidden }, (_, j) => {
    const zg = gate(p, d, j, t, b, input, h, hidden, 3);
    const rg = gate(p, d, hidden + j, t, b, input, h, hidden, 3);
    const z = sigmoid(zg.x + zg.h);
    return { z, r: sigmoid(rg.x + rg.h) };
  });
  const r = next.map((v) => v.r);
  const candidate = Array.from({ length: hidden }, (_, j) => {
    const row = 2 * hidden + j;
    let xs = p.bias(d, row);
    for (let i = 0; i < input; i++) xs += p.x(t, b, i) * p.w(d, row, i);
    let hs = 0;
    for (let k = 0; k < hidden; k++) hs += (linearBeforeReset ? h[k]! : r[k]! * h[k]!) * p.r(d, row, k);
    const rb = p.bias(d, 3 * hidden + row);
    return Math.tanh(xs + (linearBeforeReset ? r[j]! * (hs + rb) : hs + rb));
  });
  candidate.forEach((n, j) => {
    h[j] = (1 - next[j]!.z) * n + next[j]!.z * h[j]!;
  });
};

const rnn: Cell = (p, d, t, b, h, _c, { input, hidden }) => {
  const next = Array.from({ length: hidden }, (_, j) => {
    const v = gate(p, d, j, t, b, input, h, hidden, 1);
    return Math.tanh(v.x + v.h);
  });
  next.forEach((v, j) => {
    h[j] = v;
  });
};

function recurrent(cell: Cell, withCell: boolean): ReferenceOp {
  return (inputs, node) => {
    const layout = int(node, 'layout', 0);
    const x = inputs[0]!;
    const [T, B] = layout === 1 ? [x.shape[1]!, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
    const sizes = { input: x.shape[2]!, hidden: inputs[2]!.shape[2]! };
    const D = directionCount(node);
    const H = sizes.hidden;
    const p = tensors(inputs, layout);
    const yShape = layout === 1 ? [B, T, D, H] : [T, D, B, H];
    const sShape = layout === 1 ? [B, D, H] : [D, B, H];
    const y = new Float64Array(numel(yShape));
    const yh = new Float64Array(numel(sShape));
    const yc = new Float64Array(numel(sShape));
    const yAt = (t: number, d: number, b: number, j: number) => (layout === 1 ? ((b * T + t) * D + d) * H + j : ((t * D + d) * B + b) * H + j);
    const sAt = (d: number, b: number, j: number) => (layout === 1 ? (b * D + d) * H + j : (d * B + b) * H + j);
    for (let d = 0; d < D; d++) {
      for (let b = 0; b < B; b++) {
        const h = Array.from({ length: H }, (_, j) => p.h0(d, b, j));
        const c = Array.from({ length: H }, (_, j) => p.c0(d, b, j));
        for (let k = 0; k < T; k++) {
          const t = isReverse(node, d) ? T - 1 - k : k;
          cell(p, d, t, b, h, c, sizes, node);
          for (let j = 0; j < H; j++) y[yAt(t, d, b, j)] = h[j]!;
        }
        for (let j = 0; j < H; j++) {
          yh[sAt(d, b, j)] = h[j]!;
          yc[sAt(d, b, j)] = c[j]!;
        }
      }
    }
    const outputs = [
      { shape: yShape, data: y },
      { shape: sShape, data: yh },
    ];
    return withCell ? [...outputs, { shape: sShape, data: yc }] : outputs;
  };
}

export const RECURRENT_OPS: Readonly<Record<string, ReferenceOp>> = { LSTM: recurrent(lstm, true), GRU: recurrent(gru, false), RNN: recurrent(rnn, false) };
