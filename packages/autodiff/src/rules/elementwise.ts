import { type Node, type Value, attributeValue, dtypeFromCode, isFloat } from '@losskit/graph';
import { unbroadcast } from '../broadcast';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

/** The upstream gradient of a single-output node (rules only run when it exists). */
function dy(ctx: GradientContext): Value {
  return ctx.dOutputs[0]!;
}

/** Reduces `grad` to the shape of input `i` when that input needs a gradient. */
function toInput(ctx: GradientContext, i: number, grad: () => Value): Value | undefined {
  return ctx.needsGradient(i) ? unbroadcast(ctx.g, grad(), ctx.inputs[i]!.shape) : undefined;
}

/** Whether a Cast node's target type is a float type. */
function castsToFloat(node: Node): boolean {
  const to = attributeValue(node.attributes, 'to', 'int');
  const dtype = to !== undefined ? dtypeFromCode(to) : undefined;
  return dtype !== undefined && isFloat(dtype);
}

/**
 * Max and Min: the gradient goes to the operands equal to the result, split evenly between
 * ties (PyTorch's convention for `maximum`/`minimum`).
 */
const extremum: GradientRule = (ctx) => {
  const { g } = ctx;
  const y = ctx.outputs[0]!;
  const masks = ctx.inputs.map((x) => g.cast(g.equal(x!, y), y.dtype));
  const count = masks.slice(1).reduce((total, mask) => g.add(total, mask), masks[0]!);
  const share = g.div(dy(ctx), count);
  return ctx.inputs.map((_, i) => toInput(ctx, i, () => g.mul(share, masks[i]!)));
};

export const elementwiseRules: Record<string, GradientRule> = {
  Add: (ctx) => [toInput(ctx, 0, () => dy(ctx)), toInput(ctx, 1, () => dy(ctx))],
  Sub: (ctx) => [toInput(ctx, 0, () => dy(ctx)), toInput(ctx, 1, () => ctx.g.neg(dy(ctx)))],
  Mul: (ctx) => {
    const [a, b] = ctx.inputs as Value[];
    // x * x (a squared error): one contribution (2 dy) x instead of dy x + dy x, the same values
    // (doubling is exact), and one pass over x instead of two when dy is a spread scalar.
    if (a!.name === b!.name) return [toInput(ctx, 0, () => ctx.g.mul(ctx.g.mul(dy(ctx), 2), a!)), undefined];
    return [toInput(ctx, 0, () => ctx.g.mul(dy(ctx), b!)), toInput(ctx, 1, () => ctx.g.mul(dy(ctx), a!))];
  },
  Div: (ctx) => {
    const { g } = ctx;
    const b = ctx.inputs[1]!;
    const y = ctx.outputs[0]!;
    // d(a/b)/da = 1/b; d(a/b)/db = -a/b^2 = -y/b.
    return [toInput(ctx, 0, () => g.div(dy(ctx), b)), toInput(ctx, 1, () => g.neg(g.div(g.mul(dy(ctx), y), b)))];
  },
  // Variadic sums: every operand gets the gradient (Mean: divided by the operand count).
  Sum: (ctx) => ctx.inputs.map((_, i) => toInput(ctx, i, () => dy(ctx))),
  Mean: (ctx) => ctx.inputs.map((_, i) => toInput(ctx, i, () => ctx.g.div(dy(ctx), ctx.inputs.length))),
  Neg: (ctx) => [ctx.g.neg(dy(ctx))],
  Identity: (ctx) => [dy(ctx)],
  // WebGPU has no Sign kernel: select +dy, -dy or 0 with Where (subgradient 0 at 0, like PyTorch).
  // ieeeAbsRules gives the same values in fewer passes where subnormals are kept (CPU, WASM).
  Abs: (ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    const d = dy(ctx);
    return [g.where(g.greater(x, 0), d, g.where(g.less(x, 0), g.neg(d), 0))];
  },
  Pow: (ctx) => {
    const { g } = ctx;
    const [x, p] = ctx.inputs as Value[];
    const y = ctx.outputs[0]!;
    const pLike = g.cast(p!, x!.dtype);
    return [
      toInput(ctx, 0, () => g.mul(dy(ctx), g.mul(pLike, g.pow(x!, g.sub(pLike, 1))))),
      toInput(ctx, 1, () => g.cast(g.mul(dy(ctx), g.mul(y, g.log(x!))), p!.dtype)),
    ];
  },
  Sqrt: (ctx) => [ctx.g.div(dy(ctx), ctx.g.mul(ctx.outputs[0]!, 2))],
  Exp: (ctx) => [ctx.g.mul(dy(ctx), ctx.outputs[0]!)],
  Log: (ctx) => [ctx.g.div(dy(ctx), ctx.inputs[0]!)],
  Reciprocal: (ctx) => {
    const y = ctx.outputs[0]!;
    return [ctx.g.neg(ctx.g.mul(dy(ctx), ctx.g.mul(y, y)))];
  },
  Max: extremum,
  Min: extremum,
  // Clip passes the gradient inside [min, max]; a bound gets it where it is the active one. The
  // bounds are settings (ReLU6's 0 and 6), not weights, unless a model declares them parameters.
  // With both bounds, x is inside exactly where Clip left it unchanged: one comparison of x with
  // the output instead of two and an And (three passes fewer over ReLU6's activations).
  Clip: defineGradientRule((ctx) => {
    const { g } = ctx;
    const [x, min, max] = ctx.inputs;
    const d = dy(ctx);
    let inside: Value | undefined;
    if (min && max) inside = g.equal(ctx.outputs[0]!, x!);
    else if (min) inside = g.greaterOrEqual(x!, min);
    else if (max) inside = g.lessOrEqual(x!, max);
    return [
      inside ? g.where(inside, d, 0) : d,
      toInput(ctx, 1, () => g.where(g.less(x!, min!), d, 0)),
      toInput(ctx, 2, () => g.where(g.greater(x!, max!), d, 0)),
    ];
  }, { nonTrainable: [1, 2] }),
  Where: defineGradientRule((ctx) => {
    const { g } = ctx;
    const condition = ctx.inputs[0]!;
    const d = dy(ctx);
    return [undefined, toInput(ctx, 1, () => g.where(condition, d, 0)), toInput(ctx, 2, () => g.where(condition, 0, d))];
  }, { nonDifferentiable: [0] }),
  // A cast to an integer or bool type carries no gradient.
  Cast: defineGradientRule((ctx) => [ctx.g.cast(dy(ctx), ctx.inputs[0]!.dtype)], {
    nonDifferentiable: (node) => (castsToFloat(node) ? [] : [0]),
  }),
};
