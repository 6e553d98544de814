import { GraphBuilder, UnsupportedOperatorError } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { gradients } from '../src/index';
import { resizeCases } from './cases/resize';
import { gradientTests } from './support/check';

describe('Resize rule vs finite differences', () => gradientTests(resizeCases));

describe('Resize rule limits', () => {
  it('refuses cubic interpolation with an error that names the mode', () => {
    const g = new GraphBuilder('cubic');
    const x = g.input('x', 'float32', [1, 1, 3, 3]);
    const y = g.reduceSum(g.resize(x, { scales: [1, 1, 2, 2], mode: 'cubic' }), { keepdims: false });
    expect(() => gradients(g, y, [x])).toThrowError(UnsupportedOperatorError);
    expect(() => gradients(g, y, [x])).toThrowError(/mode "cubic" has no gradient rule \(nearest and linear do\)/);
  });
});
