import { describe } from 'vitest';
import { indexingCases } from './cases/indexing';
import { gradientTests } from './support/check';

describe('indexing rules (Gather, GatherElements, Tile, CumSum, Trilu) vs finite differences', () => gradientTests(indexingCases));
