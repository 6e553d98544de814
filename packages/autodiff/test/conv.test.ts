import { describe } from 'vitest';
import { defaultGradientRules, dilatedConvRules, flipAllConvRules, groupedDepthwiseConvRules } from '../src/index';
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

// The forms before the torchvision bench (every stride-1 input gradient a flipped Conv, square
// layers shifting the filter), which `pnpm bench` measures as an ablation: still exact, on the CPU.
describe('Conv and ConvTranspose with flipAllConvRules vs finite differences', () =>
  gradientTests(
    [...convCases, ...convTransposeCases].map((c) => ({ ...c, name: `${c.name} (flipAllConvRules)`, rules: { ...defaultGradientRules, ...flipAllConvRules }, providers: ['cpu'] as const })),
  ));

// Depthwise Convs with the general grouped forms (ConvTranspose, dilated grouped Conv), the
// bench's ablation of the depthwise forms: still exact, on the CPU.
describe('depthwise Convs with groupedDepthwiseConvRules vs finite differences', () =>
  gradientTests(
    convCases
      .filter((c) => c.name.includes('depthwise'))
      .map((c) => ({ ...c, name: `${c.name} (groupedDepthwiseConvRules)`, rules: { ...defaultGradientRules, ...groupedDepthwiseConvRules }, providers: ['cpu'] as const })),
  ));
