import { describe } from 'vitest';
import { gemmCases, matMulCases } from './cases/nn';
import { poolCases } from './cases/pool';
import { gradientTests } from './support/check';

describe('MatMul rule vs finite differences', () => gradientTests(matMulCases));
describe('Gemm rule vs finite differences', () => gradientTests(gemmCases));
describe('pooling rules vs finite differences', () => gradientTests(poolCases));
