import { GraphBuilder } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { defaultGradientRules, gradients, dilatedConvRules, flipAllConvRules, groupedDepthwiseConvRules } from '../src/index';
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

describe('Conv weight gradient forms', () => {
  it('takes a strided 1x1 kernel from one strided Slice and a Gemm, not a dilated Conv', () => {
    const g = new GraphBuilder('shortcut');
    const x = g.input('x', 'float32', [2, 4, 8, 8]);
    const w = g.input('w', 'float32', [6, 4, 1, 1]);
    const before = g.toGraph().nodes.length;
    gradients(g, g.reduceSum(g.conv(x, w, undefined, { strides: [2, 2] }), { keepdims: false }), [w]);
    const added = g.toGraph().nodes.slice(before + 2);
    expect(added.map((n) => n.op)).not.toContain('Conv');
    expect(added.filter((n) => n.op === 'Gemm')).toHaveLength(1);
    const slices = added.filter((n) => n.op === 'Slice');
    expect(slices).toHaveLength(1);
    expect(g.constantValue(slices[0]!.inputs[4]!)).toEqual(BigInt64Array.of(2n, 2n));
  });
});
