import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOptionError, defineLossPlugin, pluginOption, validateNested } from '../src/index';

const positive = defineLossPlugin({
  name: 'positive-only',
  description: 'accepts targets > 0',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.sub(p, t),
    reference: (p, t) => ({ data: p.data.map((v, i) => v - t.data[i]!), dims: p.dims }),
    validate: ({ target }) => {
      const bad = target.data.findIndex((v) => v <= 0);
      if (bad >= 0) throw new InvalidInputError(`target.data[${bad}]`, 'a value > 0', target.data[bad]);
    },
  }),
});

describe('pluginOption', () => {
  const spec = pluginOption({ description: 'nested', default: () => positive() });

  it('accepts plugins and builds the default', () => {
    expect((spec.default as () => { name: string })().name).toBe('positive-only');
    expect(spec.parse(positive(), 'outer.distance').name).toBe('positive-only');
  });

  it('tells the user to call a factory passed by mistake', () => {
    expect(() => spec.parse(positive as never, 'outer.distance')).toThrowError(
      'Invalid option outer.distance: expected a loss plugin such as positive-only() (call the factory), received the factory positive-only itself',
    );
    expect(() => spec.parse('l1' as never, 'outer.distance')).toThrowError(InvalidOptionError);
  });
});

describe('validateNested', () => {
  it("renames the nested plugin's argument to the view and adds how the view was made", () => {
    const inputs = { prediction: { data: Float32Array.of(1, 1), dims: [2] }, target: { data: Float32Array.of(1, -3), dims: [2] } };
    expect(() => validateNested(positive(), inputs, 'luma', 'luma maps RGB to Y')).toThrowError(
      'Invalid luma(target).data[1]: expected a value > 0, received -3. luma maps RGB to Y',
    );
  });
});
