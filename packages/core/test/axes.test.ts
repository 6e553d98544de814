// resolveAxes and referenceReduceAxes, the axis helpers of per-sample losses, and Keras's
// signed-label rule in float64 (its graph form is checked on every provider by the hinge plugins).
import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionError, axesOption, referenceReduceAxes, referenceSignedLabels, resolveAxes, resolveOptions } from '../src/index';

describe('resolveAxes', () => {
  it('counts negative axes from the end and sorts them', () => {
    expect(resolveAxes([2, 3, 4, 5], [-1, 1], 'dice.axis')).toEqual([1, 3]);
  });

  it('takes every axis when none are named', () => {
    expect(resolveAxes([2, 3, 4], undefined, 'dice.axis')).toEqual([0, 1, 2]);
  });

  it('names the axis the dims do not have', () => {
    expect(() => resolveAxes([2, 3], [1, 2], 'dice.axis')).toThrowError(InvalidInputError);
    expect(() => resolveAxes([2, 3], [1, 2], 'dice.axis')).toThrowError(
      'Invalid prediction.dims: expected dims with the axes [1, 2] (dice.axis), received [2, 3], which has no axis 2',
    );
    expect(() => resolveAxes([], [-1], 'hinge averages over the last axis')).toThrowError(
      'Invalid prediction.dims: expected dims with the axes [-1] (hinge averages over the last axis), received [], which has no axis -1',
    );
  });

  it('refuses an axis named twice, once negative', () => {
    expect(() => resolveAxes([2, 3], [1, -1], 'dice.axis')).toThrowError(
      'Invalid prediction.dims: expected dims in which the axes [1, -1] (dice.axis) are different axes, received [2, 3], in which two of them are axis 1',
    );
  });
});

describe('axesOption', () => {
  const schema = { axis: axesOption('The axes to reduce.') };

  it('defaults to undefined (every axis) and keeps a list of integers', () => {
    expect(resolveOptions('dice', schema, {}).axis).toBeUndefined();
    expect(resolveOptions('dice', schema, { axis: [1, -1] }).axis).toEqual([1, -1]);
  });

  it('refuses an empty list, a bare number and fractional axes, naming the option', () => {
    expect(() => resolveOptions('dice', schema, { axis: [] })).toThrowError(InvalidOptionError);
    expect(() => resolveOptions('dice', schema, { axis: [] })).toThrowError(/^Invalid option dice\.axis: expected a non-empty array, each an integer, received \[\]/);
    expect(() => resolveOptions('dice', schema, { axis: 1 })).toThrowError(/dice\.axis/);
    expect(() => resolveOptions('dice', schema, { axis: [1, 0.5] })).toThrowError(/dice\.axis\[1\]: expected an integer, received 0\.5/);
  });
});

describe('referenceReduceAxes', () => {
  // dims [2, 3, 2]: flat index = 6a + 2b + c.
  const dims = [2, 3, 2];

  it('groups the flat indices of each kept position, axes removed', () => {
    expect(referenceReduceAxes(dims, [1], (ix) => ix.length)).toEqual({ data: Float64Array.of(3, 3, 3, 3), dims: [2, 2] });
    // Position (a=1, c=0) gathers b = 0, 1, 2: indices 6, 8, 10.
    const seen: number[][] = [];
    referenceReduceAxes(dims, [1], (ix) => (seen.push([...ix]), 0));
    expect(seen).toEqual([
      [0, 2, 4],
      [1, 3, 5],
      [6, 8, 10],
      [7, 9, 11],
    ]);
  });

  it('reduces several axes, or all of them to a scalar', () => {
    const values = Float64Array.from({ length: 12 }, (_, i) => i);
    const sum = (ix: readonly number[]) => ix.reduce((s, i) => s + values[i]!, 0);
    // Axes 0 and 2 leave b: (0+1+6+7), (2+3+8+9), (4+5+10+11).
    expect(referenceReduceAxes(dims, [0, 2], sum)).toEqual({ data: Float64Array.of(14, 22, 30), dims: [3] });
    expect(referenceReduceAxes(dims, [0, 1, 2], sum)).toEqual({ data: Float64Array.of(66), dims: [] });
  });
});

describe('referenceSignedLabels', () => {
  it('maps labels that are all 0 or 1 to -1 and 1', () => {
    expect(referenceSignedLabels(Float64Array.of(0, 1, 1, 0))).toEqual(Float64Array.of(-1, 1, 1, -1));
    expect(referenceSignedLabels(Float64Array.of(0, 0))).toEqual(Float64Array.of(-1, -1));
  });

  it('keeps labels as given when any is not 0 or 1, as Keras does', () => {
    expect(referenceSignedLabels(Float64Array.of(-1, 1, 1))).toEqual(Float64Array.of(-1, 1, 1));
    expect(referenceSignedLabels(Float64Array.of(-1, 0, 1))).toEqual(Float64Array.of(-1, 0, 1));
    expect(referenceSignedLabels(Float64Array.of(0.5, 1))).toEqual(Float64Array.of(0.5, 1));
  });
});
