import { describe } from 'vitest';
import { noGradientCases } from './cases/no-gradient';
import { gradientTests } from './support/check';

describe('operators without a gradient vs finite differences', () => gradientTests(noGradientCases));
