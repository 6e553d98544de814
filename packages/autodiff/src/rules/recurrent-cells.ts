import type { GraphBuilder, Value } from '@losskit/graph';

/**
 * One direction of a recurrent node, in layout 0 (time first), with everything its backward pass
 * reads. Per-time tensors are `[T, B, ·]`; states are `[1, B, H]` so that one time step of a
 * per-time tensor (a Split piece) has a state's shape.
 */
export interface DirectionState {
  readonly x: Value;
  /** W and R of this direction: `[G·H, I]` and `[G·H, H]`. */
  readonly w: Value;
  readonly r: Value;
  /** The input-side and recurrence-side biases `[G·H]`, when the node has B. */
  readonly wb: Value | undefined;
  readonly rb: Value | undefined;
  readonly h0: Value;
  /** LSTM's initial cell state. */
  readonly c0: Value | undefined;
  /** The hidden state at each time (the node's own Y, so nothing runs sequentially to get it). */
  readonly y: Value;
  /** The hidden state each time step started from: h0, then Y shifted by one step. */
  readonly hPrev: Value;
  /** Whether this direction runs from the last time step to the first. */
  readonly reverse: boolean;
  readonly hidden: number;
  /** Gradients of Y `[T, B, H]`, Y_h and Y_c `[1, B, H]` of this direction, where they flow. */
  readonly dY: Value | undefined;
  readonly dYh: Value | undefined;
  readonly dYc: Value | undefined;
}

/**
 * What a cell's backward pass returns: the gradients of the gate pre-activations on the input
 * side (`dzx`, which give dX, dW and W's bias) and on the recurrence side (`dzh`, which give dR
 * and R's bias), all `[T, B, G·H]`, and the gradients of the initial states.
 */
export interface CellGradients {
  readonly dzx: Value;
  readonly dzh: Value;
  /** dR when it is not `dzh`ᵀ · hPrev (GRU without linear_before_reset). */
  readonly dr?: Value;
  readonly dh0: Value;
  readonly dc0?: Value;
}

/** `Σ_t,b dz[t, b, :]ᵀ operand[t, b, :]` as one Gemm: `[K, M]` from `[T, B, K]` and `[T, B, M]`. */
export function weightGradient(g: GraphBuilder, dz: Value, operand: Value): Value {
  const rows = dz.shape[0]! * dz.shape[1]!;
  return g.gemm(g.reshape(dz, [rows, dz.shape[2]!]), g.reshape(operand, [rows, operand.shape[2]!]), undefined, { transA: true });
}

/** The time steps of a `[T, B, K]` tensor as `[1, B, K]` pieces (one Split node). */
function steps(g: GraphBuilder, v: Value): Value[] {
  const T = v.shape[0]!;
  return T === 1 ? [v] : g.split(v, new Array<number>(T).fill(1), 0);
}

/** The time indices in the order the forward pass visits them. */
function forwardOrder(s: DirectionState): number[] {
  const T = s.x.shape[0]!;
  const order = Array.from({ length: T }, (_, t) => t);
  return s.reverse ? order.toReversed() : order;
}

/** `x Wᵀ + Wb` and `h Rᵀ + Rb` for every time step at once (`weights` rows `[from, to)` of W or R). */
function affine(g: GraphBuilder, x: Value, weights: Value, bias: Value | undefined): Value {
  const product = g.matMul(x, g.transpose(weights, [1, 0]));
  return bias ? g.add(product, bias) : product;
}

const rows = (g: GraphBuilder, v: Value, from: number, to: number): Value => g.slice(v, { starts: [from], ends: [to], axes: [0] });
const oneMinus = (g: GraphBuilder, v: Value): Value => g.sub(1, v);
/** σ'(z) = σ(1 - σ) and tanh'(z) = 1 - tanh², from the activation's value. */
const sigmoidSlope = (g: GraphBuilder, s: Value): Value => g.mul(s, oneMinus(g, s));
const tanhSlope = (g: GraphBuilder, t: Value): Value => oneMinus(g, g.mul(t, t));

/**
 * Backpropagation through time: visits the steps in reverse forward order with the hidden
 * state's gradient `dh = dY_t (+ dY_h at the last step) + what the later step carried back`;
 * `step` returns its per-step result and the gradient it carries to the hidden state before.
 * Returns the per-step results concatenated in time order and the gradient of h0.
 */
function throughTime(g: GraphBuilder, s: DirectionState, step: (t: number, dh: Value) => { readonly out: Value; readonly dhBefore: Value }): { readonly out: Value; readonly dh0: Value } {
  const dYs = s.dY ? steps(g, s.dY) : undefined;
  const outs = new Array<Value>(s.x.shape[0]!);
  let carried: Value | undefined = s.dYh;
  for (const t of forwardOrder(s).toReversed()) {
    const parts = [dYs?.[t], carried].filter((v): v is Value => v !== undefined);
    const dh = parts.length === 0 ? zeroState(g, s) : parts.length === 1 ? parts[0]! : g.add(parts[0]!, parts[1]!);
    const result = step(t, dh);
    outs[t] = result.out;
    carried = result.dhBefore;
  }
  return { out: outs.length === 1 ? outs[0]! : g.concat(outs, 0), dh0: carried! };
}

const zeroState = (g: GraphBuilder, s: DirectionState): Value => g.expand(g.constant(0, s.y.dtype), s.h0.shape);

/**
 * LSTM (gates i, o, f, c; default activations). The gates come from Y in two batched MatMuls;
 * only the cell state's recurrence `c_t = f c_{t-1} + i c̃` and the gradient's recurrence run
 * step by step.
 */
export function lstmBackward(g: GraphBuilder, s: DirectionState): CellGradients {
  const H = s.hidden;
  const z = g.add(affine(g, s.x, s.w, s.wb), affine(g, s.hPrev, s.r, s.rb));
  const [zi, zo, zf, zc] = g.split(z, [H, H, H, H], 2) as [Value, Value, Value, Value];
  const [i, o, f, cc] = [g.sigmoid(zi), g.sigmoid(zo), g.sigmoid(zf), g.tanh(zc)];
  const fs = steps(g, f);
  const ics = steps(g, g.mul(i, cc));
  const cells: Value[] = [];
  const cellsBefore: Value[] = [];
  let c = s.c0!;
  for (const t of forwardOrder(s)) {
    cellsBefore[t] = c;
    c = g.add(g.mul(fs[t]!, c), ics[t]!);
    cells[t] = c;
  }
  const together = (vs: Value[]) => (vs.length === 1 ? vs[0]! : g.concat(vs, 0));
  const tc = g.tanh(together(cells));
  // dc_t += dh_t · o (1 - tanh² c_t); the gate gradients are [dc, dh, dc, dc] times these factors.
  const dcFromDh = steps(g, g.mul(o, tanhSlope(g, tc)));
  const factors = steps(
    g,
    g.concat([g.mul(cc, sigmoidSlope(g, i)), g.mul(tc, sigmoidSlope(g, o)), g.mul(together(cellsBefore), sigmoidSlope(g, f)), g.mul(i, tanhSlope(g, cc))], 2),
  );
  // The cell state's gradient, carried from each step to the one before (Y_c's at the last).
  let dcCarried = s.dYc;
  const { out: dz, dh0 } = throughTime(g, s, (t, dh) => {
    const fromDh = g.mul(dh, dcFromDh[t]!);
    const dc = dcCarried ? g.add(dcCarried, fromDh) : fromDh;
    const dzt = g.mul(g.concat([dc, dh, dc, dc], 2), factors[t]!);
    dcCarried = g.mul(dc, fs[t]!);
    return { out: dzt, dhBefore: g.matMul(dzt, s.r) };
  });
  return { dzx: dz, dzh: dz, dh0, dc0: dcCarried! };
}

/**
 * GRU (gates z, r, h; default activations), both forms of linear_before_reset. With it (what
 * PyTorch exports) every gate is linear in dh, so a step is one MatMul and the gate gradients
 * are formed for all steps at once afterwards; without it, the reset gate's gradient needs a
 * second MatMul per step.
 */
export function gruBackward(g: GraphBuilder, s: DirectionState, linearBeforeReset: boolean): CellGradients {
  const H = s.hidden;
  const [zx, rx, hx] = g.split(affine(g, s.x, s.w, s.wb), [H, H, H], 2) as [Value, Value, Value];
  const recurrentBias = (from: number, to: number) => (s.rb ? rows(g, s.rb, from, to) : undefined);
  const zr = g.split(affine(g, s.hPrev, rows(g, s.r, 0, 2 * H), recurrentBias(0, 2 * H)), [H, H], 2);
  const [zGate, rGate] = [g.sigmoid(g.add(zx, zr[0]!)), g.sigmoid(g.add(rx, zr[1]!))];
  const rH = rows(g, s.r, 2 * H, 3 * H);
  // nh = h Rhᵀ + Rbh (reset after the product) or q = r ⊙ h (reset before it).
  const nh = linearBeforeReset ? affine(g, s.hPrev, rH, recurrentBias(2 * H, 3 * H)) : undefined;
  const q = linearBeforeReset ? undefined : g.mul(rGate, s.hPrev);
  const candidate = g.tanh(g.add(hx, nh ? g.mul(rGate, nh) : affine(g, q!, rH, recurrentBias(2 * H, 3 * H))));
  // H_t = (1 - z) h̃ + z H_{t-1}: dz_pre = dh (H_{t-1} - h̃) σ'(z); d(h̃ pre-activation) = dh (1 - z) tanh'.
  const fz = g.mul(g.sub(s.hPrev, candidate), sigmoidSlope(g, zGate));
  const fa = g.mul(oneMinus(g, zGate), tanhSlope(g, candidate));
  const zs = steps(g, zGate);
  if (linearBeforeReset) {
    const fr = g.mul(g.mul(fa, nh!), sigmoidSlope(g, rGate));
    const onInput = g.concat([fz, fr, fa], 2);
    const onRecurrence = g.concat([fz, fr, g.mul(fa, rGate)], 2);
    const factors = steps(g, onRecurrence);
    const { out: dh, dh0 } = throughTime(g, s, (t, dht) => ({
      out: dht,
      dhBefore: g.add(g.mul(dht, zs[t]!), g.matMul(g.mul(g.concat([dht, dht, dht], 2), factors[t]!), s.r)),
    }));
    const dh3 = g.concat([dh, dh, dh], 2);
    return { dzx: g.mul(dh3, onInput), dzh: g.mul(dh3, onRecurrence), dh0 };
  }
  const [fzs, fas, fqs, rs] = [steps(g, fz), steps(g, fa), steps(g, g.mul(s.hPrev, sigmoidSlope(g, rGate))), steps(g, rGate)];
  const rZr = rows(g, s.r, 0, 2 * H);
  const { out: dz, dh0 } = throughTime(g, s, (t, dht) => {
    const ga = g.mul(dht, fas[t]!);
    const dq = g.matMul(ga, rH);
    const gzr = g.concat([g.mul(dht, fzs[t]!), g.mul(dq, fqs[t]!)], 2);
    const direct = g.add(g.mul(dht, zs[t]!), g.mul(dq, rs[t]!));
    return { out: g.concat([gzr, ga], 2), dhBefore: g.add(direct, g.matMul(gzr, rZr)) };
  });
  const [dzr, dga] = g.split(dz, [2 * H, H], 2) as [Value, Value];
  return { dzx: dz, dzh: dz, dr: g.concat([weightGradient(g, dzr, s.hPrev), weightGradient(g, dga, q!)], 0), dh0 };
}

/** RNN with Tanh: Y is the activation, so dz_t = (dY_t + carried) (1 - Y_t²), one MatMul a step. */
export function rnnBackward(g: GraphBuilder, s: DirectionState): CellGradients {
  const slopes = steps(g, tanhSlope(g, s.y));
  const { out: dz, dh0 } = throughTime(g, s, (t, dh) => {
    const dzt = g.mul(dh, slopes[t]!);
    return { out: dzt, dhBefore: g.matMul(dzt, s.r) };
  });
  return { dzx: dz, dzh: dz, dh0 };
}
