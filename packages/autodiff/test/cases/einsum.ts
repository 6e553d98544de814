import type { GradientCase } from '../support/check';

const einsumCase = (equation: string, ...shapes: (readonly number[])[]): GradientCase => ({
  name: `Einsum ${equation}`,
  inputs: shapes.map((shape) => ({ shape })),
  build: (g, ...xs) => g.einsum(equation, ...xs),
});

/** The forms attention exports use, and the corners of the rule: summed-only labels, implicit output, ellipsis, one operand. */
export const einsumCases: readonly GradientCase[] = [
  // Attention scores and their weighted sum of values: [batch, heads, query, key/dim].
  einsumCase('bhqd,bhkd->bhqk', [2, 2, 3, 4], [2, 2, 5, 4]),
  einsumCase('bhqk,bhkd->bhqd', [2, 2, 3, 5], [2, 2, 5, 4]),
  // A batched matrix product, and a projection that sums over batch and position in dW.
  einsumCase('bij,bjk->bik', [2, 3, 4], [2, 4, 5]),
  einsumCase('bnd,de->bne', [2, 3, 4], [4, 5]),
  // k only in the second operand: summed by the forward, broadcast back in its gradient.
  einsumCase('ij,jk->i', [3, 4], [4, 2]),
  // Implicit output (ik), and an ellipsis of different ranks in the two operands.
  einsumCase('ij,jk', [3, 4], [4, 2]),
  einsumCase('...qd,...kd->...qk', [2, 3, 4], [2, 5, 4]),
  {
    // ONNX Runtime 1.30's WebGPU Einsum kernel fails on ellipses of different ranks (a hash-map
    // lookup error in the forward node); the gradient's equations spell every axis, so only the
    // forward keeps this case on the CPU.
    ...einsumCase('...ij,jk->...ik', [2, 2, 3, 4], [4, 5]),
    providers: ['cpu'],
  },
  // One operand: a transpose, a full sum, an outer product.
  einsumCase('bij->jb', [2, 3, 4]),
  einsumCase('ij->', [3, 4]),
  einsumCase('i,j->ij', [3], [4]),
];
