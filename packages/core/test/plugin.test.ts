import { GraphBuilder } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  InvalidOptionError,
  LossKitError,
  buildLossGraph,
  checkReduction,
  defineLossPlugin,
  option,
  referenceLoss,
  validateLossInputs,
} from '../src/index';

// A small plugin exercising every option kind: scaled squared error.
const scaled = defineLossPlugin({
  name: 'scaled-square',
  description: 'scale * (p - t)^2',
  options: {
    scale: option.number({ description: 'factor', default: 1, min: 0, exclusiveMin: true }),
    squared: option.boolean({ description: 'square the difference', default: true }),
    mode: option.oneOf({ description: 'a mode', values: ['a', 'b'], default: 'a' }),
    offset: option.optionalNumber({ description: 'optional offset' }),
  },
  create: ({ scale, squared }) => ({
    elementwise: (g, p, t) => {
      const d = g.sub(p, t);
      return g.mul(squared ? g.mul(d, d) : g.abs(d), scale);
    },
    reference: (p, t) => ({
      data: p.data.map((x, i) => scale * (squared ? (x - t.data[i]!) ** 2 : Math.abs(x - t.data[i]!))),
      dims: p.dims,
    }),
  }),
});

describe('defineLossPlugin', () => {
  it('fills defaults and keeps metadata', () => {
    const plugin = scaled();
    expect(plugin.name).toBe('scaled-square');
    expect(plugin.options).toEqual({ scale: 1, squared: true, mode: 'a', offset: undefined });
    expect(scaled({ scale: 2, mode: 'b' }).options).toMatchObject({ scale: 2, mode: 'b' });
    expect(scaled.pluginName).toBe('scaled-square');
    expect(Object.keys(scaled.schema)).toEqual(['scale', 'squared', 'mode', 'offset']);
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it('rejects unknown options, naming the plugin and the option', () => {
    expect(() => scaled({ scael: 2 } as never)).toThrowError(InvalidOptionError);
    expect(() => scaled({ scael: 2 } as never)).toThrowError(
      'Invalid option scaled-square.scael: expected a known option (one of scale, squared, mode, offset), received unknown option "scael"',
    );
  });

  it('rejects out-of-domain values with the expected domain and the received value', () => {
    expect(() => scaled({ scale: 0 })).toThrowError('Invalid option scaled-square.scale: expected a finite number > 0, received 0');
    expect(() => scaled({ scale: Number.NaN })).toThrowError(/received NaN/);
    expect(() => scaled({ squared: 'yes' as never })).toThrowError('expected a boolean, received "yes"');
    expect(() => scaled({ mode: 'c' as never })).toThrowError('expected one of "a", "b", received "c"');
    expect(() => scaled('fast' as never)).toThrowError(/scaled-square options: expected an object/);
    try {
      scaled({ scale: -1 });
    } catch (error) {
      expect(error).toBeInstanceOf(LossKitError);
      expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
      expect((error as InvalidOptionError).option).toBe('scaled-square.scale');
      expect((error as InvalidOptionError).received).toBe('-1');
    }
  });

  it('rejects names that are not kebab-case', () => {
    expect(() =>
      defineLossPlugin({ name: 'My Loss', description: '', options: {}, create: () => scaled() }),
    ).toThrowError(InvalidOptionError);
  });
});

describe('buildLossGraph', () => {
  it('declares prediction, target and optional weights, and outputs loss and gradient', () => {
    const built = buildLossGraph(scaled(), { dims: [2, 3], reduction: 'sum', weights: [1, 3], gradient: true });
    expect(built.graph.inputs.map((v) => [v.name, v.shape])).toEqual([
      ['prediction', [2, 3]],
      ['target', [2, 3]],
      ['weights', [1, 3]],
    ]);
    expect(built.graph.outputs.map((v) => [v.name, v.shape])).toEqual([
      ['loss', []],
      ['gradient', [2, 3]],
    ]);
  });

  it('names the argument, expected and received values for bad dims and weights', () => {
    expect(() => buildLossGraph(scaled(), { dims: [2, -3] })).toThrowError(
      'Invalid dims: expected an array of non-negative integers, received [2, -3]',
    );
    expect(() => buildLossGraph(scaled(), { dims: [2, 3], weights: [2] })).toThrowError(
      'Invalid weights.dims: expected dims that broadcast to the elementwise loss shape [2, 3], received [2]',
    );
    expect(() => buildLossGraph(scaled(), { dims: [2, 3], reduction: 'avg' as never })).toThrowError(
      'Invalid option reduction: expected one of "none", "sum", "mean", "weighted_mean", "sum_by_nonzero_weights", received "avg"',
    );
    expect(() => checkReduction(undefined)).toThrowError(InvalidOptionError);
  });
});

describe('validateLossInputs', () => {
  const plugin = scaled();
  const ok = { data: new Float32Array(6), dims: [2, 3] };

  it('accepts matching float32 tensors', () => {
    expect(() => validateLossInputs(plugin, { prediction: ok, target: ok })).not.toThrow();
  });

  it.each([
    ['Float64Array data', { prediction: { data: new Float64Array(6), dims: [2, 3] }, target: ok }, 'Invalid prediction.data: expected a Float32Array, received Float64Array(6)'],
    ['plain array data', { prediction: ok, target: { data: [0, 0], dims: [2] } }, 'Invalid target.data: expected a Float32Array, received [0, 0]'],
    ['length mismatch', { prediction: { data: new Float32Array(5), dims: [2, 3] }, target: ok }, 'Invalid prediction.data: expected 6 values for dims [2, 3], received 5 values'],
    ['dims mismatch', { prediction: ok, target: { data: new Float32Array(6), dims: [3, 2] } }, "Invalid target.dims: expected [2, 3] (the prediction's dims), received [3, 2]"],
    ['NaN', { prediction: { data: Float32Array.of(0, 0, Number.NaN, 0, 0, 0), dims: [2, 3] }, target: ok }, 'Invalid prediction.data[2]: expected a finite number, received NaN'],
    ['missing target', { prediction: ok }, 'Invalid target: expected an object { data: Float32Array, dims: number[] }, received undefined'],
    ['fractional dims', { prediction: { data: new Float32Array(6), dims: [2, 3.5] }, target: ok }, 'Invalid prediction.dims: expected an array of non-negative integers, received [2, 3.5]'],
  ])('rejects %s with InvalidInputError', (_, feeds, message) => {
    expect(() => validateLossInputs(plugin, feeds as never)).toThrowError(InvalidInputError);
    expect(() => validateLossInputs(plugin, feeds as never)).toThrowError(message);
  });
});

describe('referenceLoss', () => {
  it('combines the plugin reference with a reduction in float64', () => {
    // scale 2: 2 * [(1-0)^2, (2-4)^2] = [2, 8]; mean = 5.
    const result = referenceLoss(scaled({ scale: 2 }), {
      prediction: { data: [1, 2], dims: [2] },
      target: { data: [0, 4], dims: [2] },
    });
    expect(Array.from(result.data)).toEqual([5]);
  });

  it('uses a GraphBuilder that plugins can extend', () => {
    const g = new GraphBuilder();
    const p = g.input('p', 'float32', [2]);
    expect(scaled().elementwise(g, p, p, { prediction: p, target: p }).shape).toEqual([2]);
  });
});
