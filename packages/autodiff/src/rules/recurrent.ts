import { type GraphBuilder, type Node, UnsupportedOperatorError, type Value, attributeValue } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';
import { type CellGradients, type DirectionState, gruBackward, lstmBackward, rnnBackward, weightGradient } from './recurrent-cells';

// LSTM, GRU and RNN (opset 14 semantics; what PyTorch 1.13 exports at opsets 13 to 17).
//
// Where the unrolling lives: in the rule, not in a lowering before differentiation. The forward
// node stays one node, so ONNX Runtime's fused kernel computes Y, and the backward pass reads Y:
// with every hidden state known, the gates of all time steps come from two batched MatMuls
// instead of a MatMul per step, and dX, dW and dR are one MatMul or Gemm each over all steps.
// Only what is truly sequential runs step by step: the gradient's recurrence (one MatMul by R a
// step; two for GRU without linear_before_reset) and, for LSTM, the cell state (ONNX outputs
// only its last value). Differentiating an unrolled forward graph instead would add a MatMul
// per step for the forward pass and another per step for each of dR and dX.

/** Gates per cell and the activations the rule differentiates (ONNX's defaults). */
const CELLS = {
  LSTM: { gates: 4, activations: ['Sigmoid', 'Tanh', 'Tanh'] },
  GRU: { gates: 3, activations: ['Sigmoid', 'Tanh'] },
  RNN: { gates: 1, activations: ['Tanh'] },
} as const;
type CellOp = keyof typeof CELLS;

// Input indices: X, W, R, B, sequence_lens, initial_h, then LSTM's initial_c and P.
const X = 0;
const W = 1;
const R = 2;
const B = 3;
const SEQUENCE_LENS = 4;
const INITIAL_H = 5;
const INITIAL_C = 6;
const PEEPHOLES = 7;

function refuse(node: Node, why: string): never {
  throw new UnsupportedOperatorError([node.op], `Cannot differentiate ${node.op} "${node.name}": ${why}`, { [node.op]: [node.name] });
}

function attribute(node: Node, name: string) {
  return node.attributes[name];
}

/**
 * Refuses what the rule does not differentiate, naming it: other activations, clipping, layout 1,
 * coupled input and forget gates, peepholes, and sequence lengths that are not all the full length.
 */
function checkSupported(ctx: GradientContext, op: CellOp, directions: number, sequenceLength: number): void {
  const { node } = ctx;
  const activations = attribute(node, 'activations');
  const expected = Array.from({ length: directions }, () => CELLS[op].activations).flat();
  if (activations && (activations.type !== 'strings' || activations.value.join() !== expected.join())) {
    refuse(node, `only the default activations (${expected.join(', ')}) are differentiated, the node has ${JSON.stringify(activations.value)}`);
  }
  for (const name of ['activation_alpha', 'activation_beta', 'clip']) {
    if (attribute(node, name)) refuse(node, `attribute "${name}" is not supported`);
  }
  // ONNX Runtime has no kernel for layout 1 either (it refuses the node when a session loads it).
  if ((attributeValue(node.attributes, 'layout', 'int') ?? 0) !== 0) refuse(node, 'layout 1 (batch first) is not supported; PyTorch exports batch_first layers as layout 0 with Transposes');
  if ((attributeValue(node.attributes, 'input_forget', 'int') ?? 0) !== 0) refuse(node, 'input_forget = 1 (coupled input and forget gates) is not supported');
  if (op === 'LSTM' && ctx.inputs[PEEPHOLES]) refuse(node, 'peephole weights (input P) are not supported');
  const lengths = ctx.inputs[SEQUENCE_LENS];
  if (lengths) {
    const data = ctx.g.constantValue(lengths.name);
    if (!data) refuse(node, `sequence_lens ("${lengths.name}") must be a constant (the sequence length is unrolled when the graph is built)`);
    const values = Array.from(data as ArrayLike<number | bigint>, Number);
    if (values.some((v) => v !== sequenceLength)) {
      refuse(node, `sequence_lens must equal the sequence length ${sequenceLength} for every batch entry, received [${values.join(', ')}]`);
    }
  }
}

/** Direction `d` of `v` along `axis`, with that axis removed (a Reshape when there is one direction). */
function ofDirection(g: GraphBuilder, v: Value, axis: number, d: number): Value {
  const shape = v.shape.filter((_, i) => i !== axis);
  const picked = v.shape[axis] === 1 ? v : g.slice(v, { starts: [d], ends: [d + 1], axes: [axis] });
  return g.reshape(picked, shape);
}

/** The directions' `[1, ...]` pieces stacked along the first axis. */
function stack(g: GraphBuilder, pieces: readonly Value[]): Value {
  return pieces.length === 1 ? pieces[0]! : g.concat(pieces, 0);
}

/** The gradients of W's and R's biases: dz summed over time and batch (one sum where both sides share dz). */
function biasGradients(g: GraphBuilder, grads: CellGradients): [Value, Value] {
  const total = (dz: Value) => g.reduceSum(dz, { axes: [0, 1], keepdims: false });
  const input = total(grads.dzx);
  return [input, grads.dzh === grads.dzx ? input : total(grads.dzh)];
}

const sum = (g: GraphBuilder, vs: readonly Value[]): Value => vs.slice(1).reduce((a, b) => g.add(a, b), vs[0]!);

/** The vector-Jacobian product of an LSTM, GRU or RNN node (layout 0: time first). */
function recurrentRule(op: CellOp): GradientRule {
  return defineGradientRule(
    (ctx) => {
      const { g, node } = ctx;
      const x = ctx.inputs[X]!;
      const [T, batch] = [x.shape[0]!, x.shape[1]!];
      const w = ctx.inputs[W]!;
      const directions = w.shape[0]!;
      const hidden = ctx.inputs[R]!.shape[2]!;
      const gatesWidth = CELLS[op].gates * hidden;
      checkSupported(ctx, op, directions, T);
      // States are [D, B, H]; Y is [T, D, B, H]. Y may be left out of the node (an empty output
      // name): then a copy of the node computes it.
      const y = node.outputs[0] ? ctx.outputs[0]! : g.addNode(node.op, ctx.inputs, node.attributes, { outputCount: 1 })[0]!;
      const [dY, dYh, dYc] = ctx.dOutputs;
      const [h0All, c0All] = [ctx.inputs[INITIAL_H], op === 'LSTM' ? ctx.inputs[INITIAL_C] : undefined];
      const zero = g.expand(g.constant(0, x.dtype), [1, batch, hidden]);
      const stateOf = (v: Value | undefined, d: number) => (v ? g.reshape(ofDirection(g, v, 0, d), [1, batch, hidden]) : undefined);

      const perDirection: { state: DirectionState; grads: CellGradients }[] = [];
      for (let d = 0; d < directions; d++) {
        const reverse = node.attributes.direction?.value === 'reverse' || d === 1;
        const yd = ofDirection(g, y, 1, d);
        const h0 = stateOf(h0All, d) ?? zero;
        // The state each step starts from: h0 then Y, shifted one step against the direction.
        const shifted = T === 1 ? [] : [g.slice(yd, reverse ? { starts: [1], ends: [T], axes: [0] } : { starts: [0], ends: [T - 1], axes: [0] })];
        const hPrev = T === 1 ? h0 : g.concat(reverse ? [...shifted, h0] : [h0, ...shifted], 0);
        const bias = ctx.inputs[B] ? ofDirection(g, ctx.inputs[B], 0, d) : undefined;
        const state: DirectionState = {
          x,
          w: ofDirection(g, w, 0, d),
          r: ofDirection(g, ctx.inputs[R]!, 0, d),
          wb: bias ? g.slice(bias, { starts: [0], ends: [gatesWidth], axes: [0] }) : undefined,
          rb: bias ? g.slice(bias, { starts: [gatesWidth], ends: [2 * gatesWidth], axes: [0] }) : undefined,
          h0,
          c0: op === 'LSTM' ? (stateOf(c0All, d) ?? zero) : undefined,
          y: yd,
          hPrev,
          reverse,
          hidden,
          dY: dY ? ofDirection(g, dY, 1, d) : undefined,
          dYh: stateOf(dYh, d),
          dYc: stateOf(dYc, d),
        };
        const grads = op === 'LSTM' ? lstmBackward(g, state) : op === 'GRU' ? gruBackward(g, state, attributeValue(node.attributes, 'linear_before_reset', 'int') === 1) : rnnBackward(g, state);
        perDirection.push({ state, grads });
      }

      const stacked = (f: (p: (typeof perDirection)[number]) => Value, shape: readonly number[]) => stack(g, perDirection.map((p) => g.reshape(f(p), [1, ...shape])));
      const ifNeeded = (i: number, f: () => Value) => (ctx.needsGradient(i) ? f() : undefined);
      return [
        ifNeeded(X, () => sum(g, perDirection.map(({ state, grads }) => g.matMul(grads.dzx, state.w)))),
        ifNeeded(W, () => stacked(({ grads }) => weightGradient(g, grads.dzx, x), [gatesWidth, x.shape[2]!])),
        ifNeeded(R, () => stacked(({ state, grads }) => grads.dr ?? weightGradient(g, grads.dzh, state.hPrev), [gatesWidth, hidden])),
        ifNeeded(B, () => stacked(({ grads }) => g.concat(biasGradients(g, grads), 0), [2 * gatesWidth])),
        undefined,
        ifNeeded(INITIAL_H, () => stacked(({ grads }) => grads.dh0, [batch, hidden])),
        ifNeeded(INITIAL_C, () => stacked(({ grads }) => grads.dc0!, [batch, hidden])),
        undefined,
      ].slice(0, ctx.inputs.length);
    },
    // sequence_lens is an index; the initial states are inputs, not weights (PyTorch trains neither).
    { nonDifferentiable: [SEQUENCE_LENS], nonTrainable: [INITIAL_H, INITIAL_C] },
  );
}

export const recurrentRules: Record<string, GradientRule> = { LSTM: recurrentRule('LSTM'), GRU: recurrentRule('GRU'), RNN: recurrentRule('RNN') };
