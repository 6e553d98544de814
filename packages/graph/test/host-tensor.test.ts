import { describe, expect, it } from 'vitest';
import { formatDims, numel } from '../src/index';

describe('numel', () => {
  it('multiplies the dims; a scalar has one element and an empty axis none', () => {
    expect(numel([2, 3, 4])).toBe(24);
    expect(numel([])).toBe(1);
    expect(numel([5, 0, 7])).toBe(0);
  });
});

describe('formatDims', () => {
  it('prints dims as messages quote them', () => {
    expect(formatDims([2, 3])).toBe('[2, 3]');
    expect(formatDims([])).toBe('[]');
  });
});
