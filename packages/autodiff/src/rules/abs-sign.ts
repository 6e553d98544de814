import type { GradientRule } from '../types';

/**
 * Abs's gradient as `Mul(Sign(x), dy)`: the same values as the default rule's
 * `Where(x > 0, dy, Where(x < 0, -dy, 0))` (Sign(0) = 0, the subgradient PyTorch uses), in two
 * passes over `x` instead of four (Greater, Less and two Where). Not a default rule because
 * ONNX Runtime's WebGPU provider has no Sign kernel and refuses the graph; pass it for CPU and
 * WASM sessions: `{ ...defaultGradientRules, ...signAbsRules }`.
 */
export const signAbsRules: Readonly<Record<string, GradientRule>> = Object.freeze({
  Abs: (ctx) => {
    const { g } = ctx;
    const sign = g.addNode('Sign', [ctx.inputs[0]!])[0]!;
    return [g.mul(sign, ctx.dOutputs[0]!)];
  },
});
