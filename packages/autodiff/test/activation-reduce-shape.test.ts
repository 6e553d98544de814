import { describe } from 'vitest';
import { activationCases } from './cases/activation';
import { reduceCases } from './cases/reduce';
import { shapeCases } from './cases/shape';
import { gradientTests } from './support/check';

describe('activation rules vs finite differences', () => gradientTests(activationCases));
describe('reduction rules vs finite differences', () => gradientTests(reduceCases));
describe('shape rules vs finite differences', () => gradientTests(shapeCases));
