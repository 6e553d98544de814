import { UnsupportedOperatorError, type Value } from '@losskit/graph';
import { unbroadcast } from '../broadcast';
import type { GradientContext, GradientRule } from '../types';

/** Ops that only rearrange elements into a new shape: the gradient is reshaped back. */
const reshapeBack: GradientRule = (ctx) => [ctx.g.reshape(ctx.dOutputs[0]!, ctx.inputs[0]!.shape)];

function constantInts(ctx: GradientContext, index: number): number[] | undefined {
  const input = ctx.inputs[index];
  if (!input) return undefined;
  const data = ctx.g.constantValue(input.name);
  if (!data) throw new UnsupportedOperatorError([ctx.node.op], `Cannot differentiate: input ${index} must be a constant`);
  return Array.from(data as ArrayLike<number | bigint>, Number);
}

export const shapeRules: Record<string, GradientRule> = {
  Reshape: reshapeBack,
  Flatten: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,
  Expand: (ctx) => [unbroadcast(ctx.g, ctx.dOutputs[0]!, ctx.inputs[0]!.shape)],
  Transpose: (ctx) => {
    const x = ctx.inputs[0]!;
    const p = ctx.node.attributes.perm;
    const perm = p?.type === 'ints' ? p.value : x.shape.map((_, i) => x.shape.length - 1 - i);
    const inverse: number[] = [];
    perm.forEach((axis, i) => {
      inverse[axis] = i;
    });
    return [ctx.g.transpose(ctx.dOutputs[0]!, inverse)];
  },
  // Unit-step Slice: pad the gradient with zeros back to the input's extent.
  Slice: (ctx) => {
    const x = ctx.inputs[0]!;
    const rank = x.shape.length;
    const starts = constantInts(ctx, 1)!;
    const ends = constantInts(ctx, 2)!;
    const axes = (constantInts(ctx, 3) ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
    const steps = constantInts(ctx, 4) ?? starts.map(() => 1);
    if (steps.some((s) => s !== 1)) throw new UnsupportedOperatorError(['Slice'], 'Cannot differentiate Slice with non-unit steps');
    const pads: number[] = Array.from({ length: 2 * rank }, () => 0);
    axes.forEach((axis, i) => {
      const dim = x.shape[axis]!;
      const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
      const start = clamp(starts[i]!);
      const end = Math.max(start, clamp(ends[i]!));
      pads[axis] = start;
      pads[axis + rank] = dim - end;
    });
    return [ctx.g.pad(ctx.dOutputs[0]!, pads)];
  },
  Concat: (ctx) => {
    const a = ctx.node.attributes.axis;
    const first = ctx.inputs[0]!;
    const rawAxis = a?.type === 'int' ? a.value : 0;
    const axis = rawAxis < 0 ? rawAxis + first.shape.length : rawAxis;
    let offset = 0;
    return ctx.inputs.map((input: Value | undefined, i) => {
      const size = input!.shape[axis]!;
      const start = offset;
      offset += size;
      return ctx.needsGradient(i)
        ? ctx.g.slice(ctx.dOutputs[0]!, { starts: [start], ends: [start + size], axes: [axis] })
        : undefined;
    });
  },
};
