import { UnsupportedOperatorError, type Value, attr, attributeValue } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

function normalisedAxis(ctx: GradientContext, rank: number): number {
  const axis = attributeValue(ctx.node.attributes, 'axis', 'int') ?? 0;
  return axis < 0 ? axis + rank : axis;
}

/**
 * `Σ` of `updates` into zeros of `shape` at `indices` along `axis` (repeated indices add up):
 * ScatterElements with reduction 'add' (opset 16+), which ONNX Runtime 1.30 runs on cpu, wasm
 * and WebGPU with int32 or int64 indices, so ids need no Cast on WebGPU.
 */
function scatterAdd(ctx: GradientContext, shape: readonly number[], indices: Value, updates: Value, axis: number): Value {
  const { g } = ctx;
  const zeros = g.expand(g.constant(0, updates.dtype), shape);
  return g.addNode('ScatterElements', [zeros, indices, updates], { axis: attr.int(axis), reduction: attr.string('add') })[0]!;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * Gather (embeddings): the data's gradient is a scatter-add of the output gradient's rows into a
 * zero table. With data `A ++ [V] ++ B` gathered along axis `k` by indices `I`, dY is
 * `A ++ I ++ B`: it is moved to `I ++ A ++ B`, flattened to `[N, R]`, added into `[V, R]` at
 * the indices (broadcast along R), and put back. Indices get no gradient.
 */
const gather: GradientRule = defineGradientRule(
  (ctx) => {
    const { g } = ctx;
    const [data, indices] = ctx.inputs as [Value, Value];
    const k = normalisedAxis(ctx, data.shape.length);
    const before = data.shape.slice(0, k);
    const after = data.shape.slice(k + 1);
    const rows = data.shape[k]!;
    const r = indices.shape.length;
    let dy = ctx.dOutputs[0]!;
    if (k > 0 && r > 0) {
      // A ++ I ++ B -> I ++ A ++ B
      const perm = [...Array.from({ length: r }, (_, i) => k + i), ...before.map((_, i) => i), ...after.map((_, i) => k + r + i)];
      dy = g.transpose(dy, perm);
    }
    const n = product(indices.shape);
    const width = product(before) * product(after);
    const flatIndices = g.expand(g.reshape(indices, [n, 1]), [n, width]);
    const table = scatterAdd(ctx, [rows, width], flatIndices, g.reshape(dy, [n, width]), 0);
    const unflat = g.reshape(table, [rows, ...before, ...after]);
    // [V] ++ A ++ B -> A ++ [V] ++ B
    return [k > 0 ? g.transpose(unflat, [...before.map((_, i) => i + 1), 0, ...after.map((_, i) => k + 1 + i)]) : unflat];
  },
  { nonDifferentiable: [1] },
);

/** GatherElements: dX is dY added into zeros at the same indices along the same axis. */
const gatherElements: GradientRule = defineGradientRule(
  (ctx) => {
    const [data, indices] = ctx.inputs as [Value, Value];
    return [scatterAdd(ctx, data.shape, indices, ctx.dOutputs[0]!, normalisedAxis(ctx, data.shape.length))];
  },
  { nonDifferentiable: [1] },
);

/**
 * Tile: each input cell is copied once per tile, so its gradient is the sum over the tiles: dY
 * reshaped to `[r0, d0, r1, d1, ...]` and summed over the repeat axes.
 */
const tile: GradientRule = defineGradientRule(
  (ctx) => {
    const { g } = ctx;
    const x = ctx.inputs[0]!;
    const data = g.constantValue(ctx.inputs[1]!.name);
    if (!data) throw new UnsupportedOperatorError(['Tile'], `Cannot differentiate Tile "${ctx.node.name}": repeats must be a constant`);
    const repeats = Array.from(data as ArrayLike<number | bigint>, Number);
    const split = x.shape.flatMap((d, i) => [repeats[i]!, d]);
    const summed = g.reduceSum(g.reshape(ctx.dOutputs[0]!, split), { axes: x.shape.map((_, i) => 2 * i), keepdims: false });
    return [g.reshape(summed, x.shape)];
  },
  { nonDifferentiable: [1] },
);

/**
 * CumSum: y_j sums x_i over i ≤ j (i < j when exclusive), so dx_i sums dy_j over j ≥ i (j > i):
 * the same CumSum in the other direction.
 */
const cumSum: GradientRule = defineGradientRule(
  (ctx) => {
    const dy = ctx.dOutputs[0]!;
    const attributes = { exclusive: attr.int(attributeValue(ctx.node.attributes, 'exclusive', 'int') ?? 0), reverse: attr.int(1 - (attributeValue(ctx.node.attributes, 'reverse', 'int') ?? 0)) };
    return [ctx.g.addNode('CumSum', [dy, ctx.inputs[1]!], attributes, { outputTypes: [{ dtype: dy.dtype, shape: dy.shape }] })[0]!];
  },
  { nonDifferentiable: [1] },
);

/** Trilu (causal masks) keeps a triangle of x: its gradient keeps the same triangle of dY. */
const trilu: GradientRule = defineGradientRule(
  (ctx) => {
    const dy = ctx.dOutputs[0]!;
    const inputs = ctx.inputs[1] ? [dy, ctx.inputs[1]] : [dy];
    return [ctx.g.addNode('Trilu', inputs, { upper: attr.int(attributeValue(ctx.node.attributes, 'upper', 'int') ?? 1) }, { outputTypes: [{ dtype: dy.dtype, shape: dy.shape }] })[0]!];
  },
  { nonDifferentiable: [1] },
);

export const indexingRules: Record<string, GradientRule> = { Gather: gather, GatherElements: gatherElements, Tile: tile, CumSum: cumSum, Trilu: trilu };
