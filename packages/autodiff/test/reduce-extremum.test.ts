import { describe } from 'vitest';
import { reduceExtremumCases } from './cases/reduce-extremum';
import { gradientTests } from './support/check';

describe('ReduceMax, ReduceMin and ReduceLogSumExp vs finite differences', () => gradientTests(reduceExtremumCases));
