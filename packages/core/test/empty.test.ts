// A loss over an empty tensor (a dim of 0) has no value: `mean` would be 0/0. losskit refuses it
// everywhere — input validation, graph building, reductions and the float64 reference — so the
// graph and the reference can never disagree about it.
import { GraphBuilder } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, applyReduction, buildLossModel, defineLossPlugin, referenceLoss, referenceReduction, validateLossInputs } from '../src/index';

const absolute = defineLossPlugin({
  name: 'absolute',
  description: '|p - t|',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.abs(g.sub(p, t)),
    reference: (p, t) => ({ data: p.data.map((x, i) => Math.abs(x - t.data[i]!)), dims: p.dims }),
  }),
});

const empty = { data: new Float32Array(0), dims: [2, 0, 3] };

function invalidInput(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('ERR_INVALID_INPUT');
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('empty tensors', () => {
  it('are refused as loss inputs, naming the empty axis', () => {
    const error = invalidInput(() => validateLossInputs(absolute(), { prediction: empty, target: empty }));
    expect(error.argument).toBe('prediction.dims');
    expect(error.message).toBe(
      'Invalid prediction.dims: expected dims without a 0 (a loss needs at least one element), received [2, 0, 3]. Axis 1 has size 0, so the tensor is empty',
    );
  });

  it('are refused when building a loss model', () => {
    expect(invalidInput(() => buildLossModel(absolute(), { dims: [0], reduction: 'sum' })).argument).toBe('dims');
  });

  it.each(['sum', 'mean', 'weighted_mean', 'sum_by_nonzero_weights'] as const)('cannot be reduced with %s, in the graph or the reference', (reduction) => {
    const g = new GraphBuilder();
    const loss = g.input('l', 'float32', [4, 0]);
    expect(invalidInput(() => applyReduction(g, loss, undefined, reduction)).message).toMatch(/at least one element to reduce .* received an empty tensor \[4, 0\]/);
    const reference = { data: new Float64Array(0), dims: [4, 0] };
    expect(invalidInput(() => referenceReduction(reference, undefined, reduction)).message).toMatch(/an empty tensor \[4, 0\]/);
    expect(() => referenceLoss(absolute(), { prediction: reference, target: reference }, reduction)).toThrowError(InvalidInputError);
  });

  it('still pass through unreduced', () => {
    expect(referenceReduction({ data: new Float64Array(0), dims: [0] }, undefined, 'none').data).toHaveLength(0);
  });
});

describe('mismatched dims', () => {
  it('say at which axis prediction and target differ', () => {
    const prediction = { data: new Float32Array(8 * 3 * 32 * 32), dims: [8, 3, 32, 32] };
    const target = { data: new Float32Array(8 * 3 * 32 * 31), dims: [8, 3, 32, 31] };
    const error = invalidInput(() => validateLossInputs(absolute(), { prediction, target }));
    expect(error.argument).toBe('target.dims');
    expect(error.message).toContain('prediction dims [8, 3, 32, 32] and target dims [8, 3, 32, 31] differ at axis 3');
    const flat = { data: new Float32Array(8 * 3 * 32 * 32), dims: [8, 3 * 32 * 32] };
    expect(invalidInput(() => validateLossInputs(absolute(), { prediction, target: flat })).message).toContain('differ in rank (4 and 2)');
  });
});
