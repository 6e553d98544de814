import { describe } from 'vitest';
import { elementwiseCases } from './cases/elementwise';
import { lossCases } from './cases/loss';
import { gradientTests } from './support/check';

describe('elementwise rules vs finite differences', () => gradientTests(elementwiseCases));
describe('losses built from elementwise ops vs finite differences', () => gradientTests(lossCases));
