// The im2col + Gemm weight-gradient form (im2colConvRules, the alternative `pnpm bench` measures)
// against finite differences on every 2-D ungrouped case of the default rules' suite: strides,
// dilations, asymmetric and automatic pads, output_padding and output_shape (on cpu; on webgpu too
// for the autoencoder's geometry).
import { describe } from 'vitest';
import { defaultGradientRules, im2colConvRules } from '../src/index';
import { convCases, convTransposeCases } from './cases/conv';
import { gradientTests } from './support/check';

const rules = { ...defaultGradientRules, ...im2colConvRules };
// 1-D, 3-D and grouped convolutions fall back to the dilated form, tested in conv.test.ts.
const twoD = (name: string) => !/1-D|3-D|group|depthwise/.test(name);
// WebGPU (SwiftShader) takes seconds per case: there, the demo autoencoder's geometry is enough to
// show the form runs whole on it (kernel 4, stride 2, pads 1).
const variant = <C extends { name: string }>(c: C) => ({
  ...c,
  name: `${c.name} (im2col)`,
  rules,
  providers: /4x4|kernel 4/.test(c.name) ? (['cpu', 'webgpu'] as const) : (['cpu'] as const),
});

describe('Conv weight gradient as im2col + Gemm vs finite differences', () =>
  gradientTests(convCases.filter((c) => twoD(c.name)).map(variant)));
describe('ConvTranspose weight gradient as im2col + Gemm vs finite differences', () =>
  gradientTests(convTransposeCases.filter((c) => twoD(c.name)).map(variant)));
