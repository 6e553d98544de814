import { describe } from 'vitest';
import { defaultGradientRules, dilatedConvRules } from '../src/index';
import { convCases, convTransposeCases } from './cases/conv';
import { gradientTests } from './support/check';

describe('Conv rule vs finite differences', () => gradientTests(convCases));
describe('ConvTranspose rule vs finite differences', () => gradientTests(convTransposeCases));

// The forms before the bench chose today's (ConvTranspose input gradients, dilated-Conv weight
// gradients), which `pnpm bench` measures as an ablation: still exact, on the CPU.
const dilated = <C extends { name: string }>(c: C) => ({
  ...c,
  name: `${c.name} (dilatedConvRules)`,
  rules: { ...defaultGradientRules, ...dilatedConvRules },
  providers: ['cpu'] as const,
});
describe('Conv and ConvTranspose with dilatedConvRules vs finite differences', () =>
  gradientTests([...convCases, ...convTransposeCases].map(dilated)));
