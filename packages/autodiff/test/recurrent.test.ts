import { type Attribute, GraphBuilder, UnsupportedOperatorError, type Value, attr } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { gradients } from '../src/index';
import { recurrentCases } from './cases/recurrent';
import { gradientTests } from './support/check';

describe('LSTM, GRU and RNN rules vs finite differences', () => gradientTests(recurrentCases));

/** Differentiates Y_h of a one-direction LSTM (sequence 3, batch 2, input 3, hidden 4) w.r.t. W. */
function differentiateLstm(attributes: Record<string, Attribute>, lengths?: (g: GraphBuilder) => Value): void {
  const g = new GraphBuilder('refused');
  const x = g.input('x', 'float32', [3, 2, 3]);
  const w = g.input('w', 'float32', [1, 16, 3]);
  const r = g.input('r', 'float32', [1, 16, 4]);
  const [, yh] = g.addNode('LSTM', [x, w, r, undefined, lengths?.(g)], { hidden_size: attr.int(4), ...attributes });
  gradients(g, g.reduceSum(yh!), [w]);
}

describe('LSTM, GRU and RNN forms the rules refuse, by name', () => {
  const refusals: readonly [string, () => void, RegExp][] = [
    ['a non-default activation', () => differentiateLstm({ activations: attr.strings(['Sigmoid', 'Relu', 'Tanh']) }), /default activations \(Sigmoid, Tanh, Tanh\).*Relu/],
    ['clipping', () => differentiateLstm({ clip: attr.float(3) }), /"clip"/],
    ['layout 1', () => differentiateLstm({ layout: attr.int(1) }), /layout 1/],
    ['sequence_lens computed at run time', () => differentiateLstm({}, (g) => g.input('lengths', 'int32', [2])), /sequence_lens \("lengths"\) must be a constant/],
    ['sequence_lens shorter than the sequence', () => differentiateLstm({}, (g) => g.constant(Int32Array.of(3, 2), 'int32', [2])), /must equal the sequence length 3 .*\[3, 2\]/],
  ];
  for (const [what, run, message] of refusals) {
    it(`${what}: UnsupportedOperatorError naming LSTM`, () => {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnsupportedOperatorError);
      expect((error as UnsupportedOperatorError).operators).toEqual(['LSTM']);
      expect(String(error)).toMatch(message);
    });
  }
});
