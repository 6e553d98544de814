import { GraphBuilder, UnsupportedOperatorError } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { gradients } from '../src/index';
import { einsumCases } from './cases/einsum';
import { gradientTests } from './support/check';

/** The error `gradients` throws for Σ einsum(equation, operands of `shapes`), or undefined. */
const refusal = (equation: string, ...shapes: (readonly number[])[]): unknown => {
  const g = new GraphBuilder('refused');
  const xs = shapes.map((shape, i) => g.input(`x${i}`, 'float32', shape));
  const y = g.reduceSum(g.einsum(equation, ...xs), { keepdims: false });
  try {
    gradients(g, y, xs);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('Einsum vs finite differences', () => gradientTests(einsumCases));

describe('Einsum forms the rule refuses', () => {
  it('a repeated label (a diagonal) is an UnsupportedOperatorError naming the node and the equation', () => {
    const error = refusal('ii->i', [3, 3]);
    expect(error).toBeInstanceOf(UnsupportedOperatorError);
    expect((error as UnsupportedOperatorError).operators).toEqual(['Einsum']);
    expect((error as Error).message).toMatch(/Cannot differentiate Einsum "Einsum_0" with equation "ii->i": input 0 repeats a label \(a diagonal\)/);
  });

  it('a size-1 axis broadcast against a label of another size is refused, not summed wrongly', () => {
    expect((refusal('ij,jk->ik', [3, 1], [4, 2]) as Error).message).toMatch(/equation "ij,jk->ik": label "j" of input 0 has size 1, broadcast to 4/);
  });
});
