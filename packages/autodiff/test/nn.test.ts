import { GraphBuilder } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { gradients } from '../src';
import { gemmCases, matMulCases } from './cases/nn';
import { poolCases } from './cases/pool';
import { gradientTests } from './support/check';

describe('MatMul rule vs finite differences', () => gradientTests(matMulCases));
describe('Gemm rule vs finite differences', () => gradientTests(gemmCases));
describe('pooling rules vs finite differences', () => gradientTests(poolCases));

describe('MatMul rule form', () => {
  it('differentiates a product of matrices with Gemm transpose flags, not Transpose nodes', () => {
    const g = new GraphBuilder('matmul');
    const a = g.input('a', 'float32', [3, 4]);
    const b = g.input('b', 'float32', [4, 5]);
    const before = g.toGraph().nodes.length;
    gradients(g, g.reduceSum(g.matMul(a, b), { keepdims: false }), [a, b]);
    const added = g.toGraph().nodes.slice(before);
    expect(added.filter((n) => n.op === 'Transpose')).toEqual([]);
    const gemms = added.filter((n) => n.op === 'Gemm').map((n) => [n.attributes.transA?.value ?? 0, n.attributes.transB?.value ?? 0]);
    expect(gemms.toSorted()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});
