// float64 implementations, from the ONNX specification, of the reductions other than ReduceSum
// and ReduceMean: ReduceMax, ReduceMin and ReduceLogSumExp, with axes as an input (opset 18) or
// an attribute (opset 17 and before). Kept apart from reference.ts only for size.
import { type F64, type ReferenceOp, indices, int, ints, numel, stridesOf } from './reference';
import type { Node } from '@losskit/graph';

/** Folds every cell of x into its reduced cell with `combine`, starting from `initial`. */
function fold(x: F64, axesInput: F64 | undefined, node: Node, initial: number, combine: (acc: number, v: number) => number): F64 {
  const rank = x.shape.length;
  let axes = Array.from(axesInput?.data ?? ints(node, 'axes') ?? [], (a) => (a < 0 ? a + rank : a));
  if (axes.length === 0) axes = int(node, 'noop_with_empty_axes', 0) ? [] : x.shape.map((_, i) => i);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = stridesOf(kept);
  const data = new Float64Array(numel(kept)).fill(initial);
  indices(x.shape).forEach((idx, flat) => {
    const dst = idx.reduce((s, v, i) => (axes.includes(i) ? s : s + v * keptStrides[i]!), 0);
    data[dst] = combine(data[dst]!, x.data[flat]!);
  });
  return { shape: int(node, 'keepdims', 1) === 1 ? kept : x.shape.filter((_, i) => !axes.includes(i)), data };
}

export const REDUCE_OPS: Readonly<Record<string, ReferenceOp>> = {
  ReduceMax: ([x, axes], node) => [fold(x!, axes, node, -Infinity, Math.max)],
  ReduceMin: ([x, axes], node) => [fold(x!, axes, node, Infinity, Math.min)],
  // log Σ exp(x), unshifted: the cases' inputs are small, so float64 exp cannot overflow.
  ReduceLogSumExp: ([x, axes], node) => {
    const sum = fold(x!, axes, node, 0, (acc, v) => acc + Math.exp(v));
    return [{ shape: sum.shape, data: sum.data.map(Math.log) }];
  },
};
