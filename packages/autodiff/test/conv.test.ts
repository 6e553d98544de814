import { describe } from 'vitest';
import { convCases, convTransposeCases } from './cases/conv';
import { gradientTests } from './support/check';

describe('Conv rule vs finite differences', () => gradientTests(convCases));
describe('ConvTranspose rule vs finite differences', () => gradientTests(convTransposeCases));
