import { type Attribute, type GraphBuilder, type Value, attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

/** Every output of the node flattened into one vector, so the check weighs each with its own random factor. */
function allOutputs(g: GraphBuilder, outputs: readonly Value[]): Value {
  return g.concat(
    outputs.map((v) => g.reshape(v, [v.shape.reduce((a, b) => a * b, 1)])),
    0,
  );
}

function recurrent(g: GraphBuilder, op: string, inputs: readonly (Value | undefined)[], attributes: Record<string, Attribute>): Value[] {
  return g.addNode(op, inputs, attributes);
}

// Sizes: sequence 3, batch 2, input 3, hidden 4 (weights kept within ±0.6 so no gate saturates).
const weights = { range: [-0.6, 0.6] as const };

export const recurrentCases: readonly GradientCase[] = [
  {
    name: 'LSTM bidirectional, bias and initial states, Y Y_h Y_c',
    inputs: [{ shape: [3, 2, 3] }, { shape: [2, 16, 3], ...weights }, { shape: [2, 16, 4], ...weights }, { shape: [2, 32], ...weights }, { shape: [2, 2, 4] }, { shape: [2, 2, 4] }],
    build: (g, x, w, r, b, h0, c0) =>
      allOutputs(g, recurrent(g, 'LSTM', [x, w, r, b, undefined, h0, c0], { hidden_size: attr.int(4), direction: attr.string('bidirectional') })),
  },
  {
    // Only Y_h flows (a classifier's last state), and the node leaves Y out (an empty output
    // name) and Y_c off; sequence_lens constant and full; no bias or initial states.
    name: 'LSTM forward, only Y_h (Y left out), sequence_lens full',
    inputs: [{ shape: [3, 2, 3] }, { shape: [1, 16, 3], ...weights }, { shape: [1, 16, 4], ...weights }],
    build: (g, x, w, r) => {
      const lengths = g.constant(Int32Array.of(3, 3), 'int32', [2]);
      return g.addNode('LSTM', [x, w, r, undefined, lengths], { hidden_size: attr.int(4) }, { outputNames: ['', g.uniqueName('y_h')], outputCount: 2 })[1]!;
    },
  },
  {
    // What PyTorch exports for nn.GRU.
    name: 'GRU linear_before_reset 1, bias and initial state, Y Y_h',
    inputs: [{ shape: [3, 2, 3] }, { shape: [1, 12, 3], ...weights }, { shape: [1, 12, 4], ...weights }, { shape: [1, 24], ...weights }, { shape: [1, 2, 4] }],
    build: (g, x, w, r, b, h0) =>
      allOutputs(g, recurrent(g, 'GRU', [x, w, r, b, undefined, h0], { hidden_size: attr.int(4), linear_before_reset: attr.int(1) })),
  },
  {
    name: 'GRU linear_before_reset 0, bidirectional, bias and initial state, Y Y_h',
    inputs: [{ shape: [3, 2, 3] }, { shape: [2, 12, 3], ...weights }, { shape: [2, 12, 4], ...weights }, { shape: [2, 24], ...weights }, { shape: [2, 2, 4] }],
    build: (g, x, w, r, b, h0) => allOutputs(g, recurrent(g, 'GRU', [x, w, r, b, undefined, h0], { hidden_size: attr.int(4), direction: attr.string('bidirectional') })),
  },
  {
    name: 'GRU reverse, no bias, Y only',
    inputs: [{ shape: [3, 2, 3] }, { shape: [1, 12, 3], ...weights }, { shape: [1, 12, 4], ...weights }],
    build: (g, x, w, r) => recurrent(g, 'GRU', [x, w, r], { hidden_size: attr.int(4), direction: attr.string('reverse') })[0]!,
  },
  {
    name: 'RNN tanh bidirectional, bias and initial state, Y Y_h',
    inputs: [{ shape: [3, 2, 3] }, { shape: [2, 4, 3], ...weights }, { shape: [2, 4, 4], ...weights }, { shape: [2, 8], ...weights }, { shape: [2, 2, 4] }],
    build: (g, x, w, r, b, h0) =>
      allOutputs(g, recurrent(g, 'RNN', [x, w, r, b, undefined, h0], { hidden_size: attr.int(4), direction: attr.string('bidirectional'), activations: attr.strings(['Tanh', 'Tanh']) })),
    // ONNX Runtime 1.30's WebGPU provider has no RNN kernel (it has LSTM and GRU): the forward
    // node itself cannot run there.
    providers: ['cpu'],
  },
];
