// The one option mechanism: every spec builder fails with the same wording, naming the option.
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, option, resolveOptions } from '../src/index';

const schema = {
  size: option.positiveInteger({ description: 'Size.', default: 32 }),
  seed: option.integer({ description: 'Seed.', default: 0 }),
  name: option.optional(option.string({ description: 'Name.', default: '' })),
  widths: option.array({ description: 'Widths.', default: () => [1, 2], minLength: 1, item: option.positiveInteger({ description: 'Width.', default: 1 }) }),
  betas: option.array({ description: 'Betas.', default: [0.9, 0.99], length: 2, item: option.number({ description: 'Beta.', default: 0, min: 0, max: 1, exclusiveMax: true }) }),
  notify: option.function<(m: string) => void>({ description: 'Callback.', default: (m: string) => void m }),
  onStep: option.function<() => void>({ description: 'Optional callback.' }),
  count: option.required(option.positiveInteger({ description: 'Count.', default: 1 })),
  mode: option.oneOf({ description: 'Mode.', values: ['a', 'b'] as const, default: 'a' }),
};

describe('resolveOptions with every spec builder', () => {
  it('fills in defaults (a function default is the function, not a factory)', () => {
    const resolved = resolveOptions('thing', schema, { count: 3 });
    expect(resolved).toMatchObject({ size: 32, seed: 0, name: undefined, widths: [1, 2], betas: [0.9, 0.99], onStep: undefined, count: 3, mode: 'a' });
    expect(typeof resolved.notify).toBe('function');
    expect(resolved.notify('x')).toBeUndefined();
  });

  it.each([
    [{ count: 1, size: 0 }, 'Invalid option thing.size: expected a positive integer, received 0'],
    [{ count: 1, size: 2.5 }, 'Invalid option thing.size: expected a positive integer, received 2.5'],
    [{ count: 1, seed: 0.5 }, 'Invalid option thing.seed: expected an integer, received 0.5'],
    [{ count: 1, name: '' }, 'Invalid option thing.name: expected a non-empty string, received ""'],
    [{ count: 1, widths: [] }, 'Invalid option thing.widths: expected a non-empty array, each a positive integer, received []'],
    [{ count: 1, widths: [4, -1] }, 'Invalid option thing.widths[1]: expected a positive integer, received -1'],
    [{ count: 1, betas: [0.5] }, 'Invalid option thing.betas: expected an array of 2 items, each a finite number >= 0 and < 1, received [0.5]'],
    [{ count: 1, notify: 'log' }, 'Invalid option thing.notify: expected a function, received "log"'],
    [{}, 'Invalid option thing.count: expected a positive integer, received nothing (the option is required)'],
    [{ count: 1, mode: 'c' }, 'Invalid option thing.mode: expected one of "a", "b", received "c"'],
    [{ count: 1, colour: 1 }, 'Invalid option thing.colour: expected a known option (one of size, seed, name, widths, betas, notify, onStep, count, mode), received unknown option "colour"'],
  ])('%o is refused: %s', (input, message) => {
    expect(() => resolveOptions('thing', schema, input)).toThrowError(InvalidOptionError);
    expect(() => resolveOptions('thing', schema, input)).toThrowError(message);
  });

  it('option.satisfying uses its type as the expectation', () => {
    const spec = option.satisfying<1 | 3>({ type: '1 or 3', description: 'Channels.', default: () => 3, test: (v) => v === 1 || v === 3 });
    expect(spec.parse(1, 'c')).toBe(1);
    expect(() => spec.parse(2 as 1, 'images.channels')).toThrowError('Invalid option images.channels: expected 1 or 3, received 2');
  });
});
