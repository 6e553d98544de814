import { UnsupportedOperatorError, type Value, attributeValue } from '@losskit/graph';
import { unbroadcast } from '../broadcast';
import { defineGradientRule } from '../inputs';
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
  Reshape: defineGradientRule(reshapeBack, { nonDifferentiable: [1] }),
  Flatten: reshapeBack,
  Squeeze: defineGradientRule(reshapeBack, { nonDifferentiable: [1] }),
  Unsqueeze: defineGradientRule(reshapeBack, { nonDifferentiable: [1] }),
  Expand: defineGradientRule((ctx) => [unbroadcast(ctx.g, ctx.dOutputs[0]!, ctx.inputs[0]!.shape)], { nonDifferentiable: [1] }),
  Transpose: (ctx) => {
    const x = ctx.inputs[0]!;
    const perm = attributeValue(ctx.node.attributes, 'perm', 'ints') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    const inverse: number[] = [];
    perm.forEach((axis, i) => {
      inverse[axis] = i;
    });
    return [ctx.g.transpose(ctx.dOutputs[0]!, inverse)];
  },
  // Slice with positive steps: along each sliced axis, spread dy's cells `step` apart (interleave
  // zeros with Unsqueeze, Pad, Reshape), then pad with zeros back to the input's extent.
  Slice: defineGradientRule((ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    const rank = x.shape.length;
    const starts = constantInts(ctx, 1)!;
    const axes = (constantInts(ctx, 3) ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
    const steps = constantInts(ctx, 4) ?? starts.map(() => 1);
    if (steps.some((s) => s < 1)) throw new UnsupportedOperatorError(['Slice'], `Cannot differentiate Slice "${ctx.node.name}" with negative steps`);
    let d = ctx.dOutputs[0]!;
    axes.forEach((axis, i) => {
      const dim = x.shape[axis]!;
      const step = steps[i]!;
      const start = Math.min(Math.max(starts[i]! < 0 ? starts[i]! + dim : starts[i]!, 0), dim);
      const count = d.shape[axis]!;
      if (step > 1 && count > 0) {
        const widened = [...d.shape];
        widened[axis] = count * step;
        const pads = new Array<number>(2 * (rank + 1)).fill(0);
        pads[rank + 1 + axis + 1] = step - 1;
        d = g.reshape(g.pad(g.unsqueeze(d, [axis + 1]), pads), widened);
        // The zeros after the last cell may run past the input: keep what fits.
        const fits = dim - start;
        if (d.shape[axis]! > fits) d = g.slice(d, { starts: [0], ends: [fits], axes: [axis] });
      }
      const pads = new Array<number>(2 * rank).fill(0);
      pads[axis] = start;
      pads[axis + rank] = dim - start - d.shape[axis]!;
      if (pads.some((p) => p !== 0)) d = g.pad(d, pads);
    });
    return [d];
  }, { nonDifferentiable: [1, 2, 3, 4] }),
  // Constant-mode Pad: the gradient is the slice of dy the input landed in (negative pads crop,
  // so their gradient is padded back with zeros). Edge and reflect modes are not supported.
  // The padding value gets no gradient (PyTorch's F.pad takes it as a number).
  Pad: defineGradientRule((ctx) => {
    const x = ctx.inputs[0]!;
    const rank = x.shape.length;
    const mode = attributeValue(ctx.node.attributes, 'mode', 'string') ?? 'constant';
    if (mode !== 'constant') throw new UnsupportedOperatorError(['Pad'], `Cannot differentiate Pad "${ctx.node.name}" in ${mode} mode (only constant)`);
    const pads = constantInts(ctx, 1)!;
    const axes = (constantInts(ctx, 3) ?? x.shape.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
    const begin = new Array<number>(rank).fill(0);
    const end = new Array<number>(rank).fill(0);
    axes.forEach((axis, i) => {
      begin[axis] = pads[i]!;
      end[axis] = pads[i + axes.length]!;
    });
    const dy = ctx.dOutputs[0]!;
    // Crop what padding added; pad back what negative pads removed.
    const cropped = ctx.g.slice(dy, {
      starts: begin.map((b) => Math.max(0, b)),
      ends: dy.shape.map((d, i) => d - Math.max(0, end[i]!)),
      axes: x.shape.map((_, i) => i),
    });
    const restore = [...begin.map((b) => Math.max(0, -b)), ...end.map((e) => Math.max(0, -e))];
    return [restore.some((p) => p > 0) ? ctx.g.pad(cropped, restore) : cropped];
  }, { nonDifferentiable: [1, 2, 3] }),
  // Split: the pieces' gradients concatenated back (zeros for pieces nothing depends on).
  Split: defineGradientRule((ctx) => {
    const x = ctx.inputs[0]!;
    const raw = attributeValue(ctx.node.attributes, 'axis', 'int') ?? 0;
    const axis = raw < 0 ? raw + x.shape.length : raw;
    const parts = ctx.outputs.map((out, i) => ctx.dOutputs[i] ?? ctx.g.expand(ctx.g.constant(0, out.dtype), out.shape));
    return [parts.length === 1 ? parts[0]! : ctx.g.concat(parts, axis)];
  }, { nonDifferentiable: [1] }),
  // Dropout in inference mode (no training_mode input, or a constant false) is the identity.
  // Training-mode Dropout must be lowered to a product with a known mask before differentiating.
  Dropout: defineGradientRule((ctx) => {
    const training = ctx.inputs[2] ? ctx.g.constantValue(ctx.inputs[2].name) : undefined;
    if (ctx.inputs[2] && (!training || Number(training[0]) !== 0)) {
      throw new UnsupportedOperatorError(['Dropout'], `Cannot differentiate Dropout "${ctx.node.name}" in training mode: its random mask is unknown (lower it to x * mask / (1 - ratio))`);
    }
    return [ctx.dOutputs[0]!];
  }, { nonDifferentiable: [1, 2] }),
  Concat: (ctx) => {
    const first = ctx.inputs[0]!;
    const rawAxis = attributeValue(ctx.node.attributes, 'axis', 'int') ?? 0;
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
