import type { GradientRule } from '../types';

/** The smallest positive float32, a subnormal: `|x| >= SMALLEST` for every float32 `x != 0`. */
const SMALLEST = 2 ** -149;

/**
 * Abs's gradient as `dy * x / max(|x|, 2^-149)`, reusing the forward `|x|`: exactly `sign(x) dy`
 * (`x / |x|` is exactly ±1, and `0 / 2^-149 = 0`, the subgradient PyTorch uses; -0 at x = -0,
 * equal to the +0 of the default rule), the same values
 * as the default rule's `Where(x > 0, dy, Where(x < 0, -dy, 0))` in three cheap passes instead
 * of four (Greater, Less and two slow Where). ONNX Runtime's CPU `Sign` kernel was slower still
 * (1.4-1.8 ms at 2^20 against 0.5 for Max and Div). Not a default rule: it needs IEEE subnormals,
 * which CPU and WASM have, but WGSL may flush 2^-149 to 0 (0 / 0 at x = 0). Use
 * `{ ...defaultGradientRules, ...ieeeAbsRules }` on CPU and WASM (loss sessions do).
 */
export const ieeeAbsRules: Readonly<Record<string, GradientRule>> = Object.freeze({
  Abs: (ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    const sign = g.div(x, g.max(ctx.outputs[0]!, SMALLEST));
    return [g.mul(ctx.dOutputs[0]!, sign)];
  },
});
