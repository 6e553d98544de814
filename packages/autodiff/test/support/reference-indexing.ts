// float64 implementations, from the ONNX specification, of the indexing operators: Gather,
// GatherElements, Tile, CumSum and Trilu. Kept apart from reference.ts only for size.
import { type ReferenceOp, indices, int, stridesOf } from './reference';

const offset = (idx: readonly number[], strides: readonly number[]): number => idx.reduce((s, v, i) => s + v * strides[i]!, 0);
const wrap = (i: number, size: number): number => (i < 0 ? i + size : i);

export const INDEXING_OPS: Readonly<Record<string, ReferenceOp>> = {
  // out[a..., i..., b...] = x[a..., ind[i...], b...]
  Gather: ([x, ind], node, shapes) => {
    const rank = x!.shape.length;
    const raw = int(node, 'axis', 0);
    const k = raw < 0 ? raw + rank : raw;
    const r = ind!.shape.length;
    const xs = stridesOf(x!.shape);
    const is = stridesOf(ind!.shape);
    const data = Float64Array.from(indices(shapes[0]!), (idx) => {
      const pick = wrap(ind!.data[offset(idx.slice(k, k + r), is)]!, x!.shape[k]!);
      return x!.data[offset([...idx.slice(0, k), pick, ...idx.slice(k + r)], xs)]!;
    });
    return [{ shape: shapes[0]!, data }];
  },
  // out[idx] = x[idx with idx[axis] replaced by ind[idx]]
  GatherElements: ([x, ind], node) => {
    const rank = x!.shape.length;
    const raw = int(node, 'axis', 0);
    const k = raw < 0 ? raw + rank : raw;
    const xs = stridesOf(x!.shape);
    const data = Float64Array.from(indices(ind!.shape), (idx, flat) => {
      const at = [...idx];
      at[k] = wrap(ind!.data[flat]!, x!.shape[k]!);
      return x!.data[offset(at, xs)]!;
    });
    return [{ shape: ind!.shape, data }];
  },
  Tile: ([x], _node, shapes) => {
    const xs = stridesOf(x!.shape);
    const data = Float64Array.from(indices(shapes[0]!), (idx) => x!.data[offset(idx.map((v, i) => v % x!.shape[i]!), xs)]!);
    return [{ shape: shapes[0]!, data }];
  },
  // y[..., j, ...] = Σ x[..., i, ...] over i <= j (i < j exclusive; i >= j, i > j when reverse)
  CumSum: ([x, axisTensor], node) => {
    const rank = x!.shape.length;
    const raw = axisTensor!.data[0]!;
    const k = raw < 0 ? raw + rank : raw;
    const exclusive = int(node, 'exclusive', 0) === 1;
    const reverse = int(node, 'reverse', 0) === 1;
    const xs = stridesOf(x!.shape);
    const data = Float64Array.from(indices(x!.shape), (idx) => {
      let sum = 0;
      for (let i = 0; i < x!.shape[k]!; i++) {
        const j = idx[k]!;
        const included = reverse ? (exclusive ? i > j : i >= j) : exclusive ? i < j : i <= j;
        if (!included) continue;
        const at = [...idx];
        at[k] = i;
        sum += x!.data[offset(at, xs)]!;
      }
      return sum;
    });
    return [{ shape: x!.shape, data }];
  },
  // Keeps x[..., i, j] where j - i >= k (upper) or j - i <= k (lower).
  Trilu: ([x, kTensor], node) => {
    const k = kTensor ? kTensor.data[0]! : 0;
    const upper = int(node, 'upper', 1) === 1;
    const rank = x!.shape.length;
    const data = Float64Array.from(indices(x!.shape), (idx, flat) => {
      const d = idx[rank - 1]! - idx[rank - 2]!;
      return (upper ? d >= k : d <= k) ? x!.data[flat]! : 0;
    });
    return [{ shape: x!.shape, data }];
  },
};
