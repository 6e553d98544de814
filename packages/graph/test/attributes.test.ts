import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Attributes, attr, attributeValue } from '../src/index';

describe('attributeValue', () => {
  const attributes: Attributes = {
    axis: attr.int(-1),
    alpha: attr.float(0.2),
    mode: attr.string('linear'),
    perm: attr.ints([0, 2, 1]),
    scales: attr.floats([1, 2]),
    activations: attr.strings(['Sigmoid', 'Tanh']),
  };

  it('returns the value of an attribute present with the asked type', () => {
    expect(attributeValue(attributes, 'axis', 'int')).toBe(-1);
    expect(attributeValue(attributes, 'alpha', 'float')).toBe(0.2);
    expect(attributeValue(attributes, 'mode', 'string')).toBe('linear');
    expect(attributeValue(attributes, 'perm', 'ints')).toEqual([0, 2, 1]);
    expect(attributeValue(attributes, 'scales', 'floats')).toEqual([1, 2]);
    expect(attributeValue(attributes, 'activations', 'strings')).toEqual(['Sigmoid', 'Tanh']);
    expectTypeOf(attributeValue(attributes, 'axis', 'int')).toEqualTypeOf<number | undefined>();
    expectTypeOf(attributeValue(attributes, 'perm', 'ints')).toEqualTypeOf<readonly number[] | undefined>();
    expectTypeOf(attributeValue(attributes, 'mode', 'string')).toEqualTypeOf<string | undefined>();
  });

  it('returns undefined for an absent attribute, so the caller supplies the default with ??', () => {
    expect(attributeValue(attributes, 'keepdims', 'int')).toBeUndefined();
    expect(attributeValue(attributes, 'keepdims', 'int') ?? 1).toBe(1);
    expect(attributeValue({}, 'axis', 'int')).toBeUndefined();
  });

  it('returns undefined for an attribute present with another type', () => {
    expect(attributeValue(attributes, 'perm', 'int')).toBeUndefined();
    expect(attributeValue(attributes, 'axis', 'float')).toBeUndefined();
    expect(attributeValue(attributes, 'alpha', 'int')).toBeUndefined();
    expect(attributeValue(attributes, 'mode', 'strings')).toBeUndefined();
  });

  it('keeps a falsy value of the right type (0, empty string, empty list)', () => {
    const falsy: Attributes = { axis: attr.int(0), mode: attr.string(''), axes: attr.ints([]) };
    expect(attributeValue(falsy, 'axis', 'int') ?? -1).toBe(0);
    expect(attributeValue(falsy, 'mode', 'string') ?? 'nearest').toBe('');
    expect(attributeValue(falsy, 'axes', 'ints') ?? [1]).toEqual([]);
  });
});
