import type { GradientCase } from '../support/check';

export const matMulCases: readonly GradientCase[] = [
  { name: 'MatMul 2-D', inputs: [{ shape: [3, 4] }, { shape: [4, 5] }], build: (g, a, b) => g.matMul(a!, b!) },
  { name: 'MatMul batched', inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }], build: (g, a, b) => g.matMul(a!, b!) },
  {
    name: 'MatMul broadcast batch dims [2,1,3,4] x [5,4,2]',
    inputs: [{ shape: [2, 1, 3, 4] }, { shape: [5, 4, 2] }],
    build: (g, a, b) => g.matMul(a!, b!),
  },
  { name: 'MatMul matrix times batch [3,4] x [2,4,5]', inputs: [{ shape: [3, 4] }, { shape: [2, 4, 5] }], build: (g, a, b) => g.matMul(a!, b!) },
  { name: 'MatMul 1-D x 2-D', inputs: [{ shape: [4] }, { shape: [4, 3] }], build: (g, a, b) => g.matMul(a!, b!) },
  { name: 'MatMul batched x 1-D', inputs: [{ shape: [2, 3, 4] }, { shape: [4] }], build: (g, a, b) => g.matMul(a!, b!) },
  { name: 'MatMul 1-D x 1-D', inputs: [{ shape: [4] }, { shape: [4] }], build: (g, a, b) => g.matMul(a!, b!) },
];

export const gemmCases: readonly GradientCase[] = [
  { name: 'Gemm plain with C [N]', inputs: [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [5] }], build: (g, a, b, c) => g.gemm(a!, b!, c!) },
  {
    name: 'Gemm transB = 1 (Linear layer) with C [1,N]',
    inputs: [{ shape: [3, 4] }, { shape: [5, 4] }, { shape: [1, 5] }],
    build: (g, a, b, c) => g.gemm(a!, b!, c!, { transB: true }),
  },
  {
    name: 'Gemm transA, alpha 0.5, beta 2, C [M,1]',
    inputs: [{ shape: [4, 3] }, { shape: [4, 5] }, { shape: [3, 1] }],
    build: (g, a, b, c) => g.gemm(a!, b!, c!, { transA: true, alpha: 0.5, beta: 2 }),
  },
  {
    name: 'Gemm transA and transB, alpha -1.5, scalar C, beta 0.25',
    inputs: [{ shape: [4, 3] }, { shape: [5, 4] }, { shape: [] }],
    build: (g, a, b, c) => g.gemm(a!, b!, c!, { transA: true, transB: true, alpha: -1.5, beta: 0.25 }),
  },
  { name: 'Gemm without C', inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], build: (g, a, b) => g.gemm(a!, b!, undefined, { alpha: 2 }) },
  { name: 'Gemm full C [M,N]', inputs: [{ shape: [2, 3] }, { shape: [3, 4] }, { shape: [2, 4] }], build: (g, a, b, c) => g.gemm(a!, b!, c!) },
];
