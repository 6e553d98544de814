import { type GraphBuilder, type Value, attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

const int64s = (g: GraphBuilder, values: readonly number[], dims: readonly number[]) => g.constant(BigInt64Array.from(values, BigInt), 'int64', dims);
const sameType = (x: Value) => ({ outputTypes: [{ dtype: x.dtype, shape: x.shape }] });

export const indexingCases: readonly GradientCase[] = [
  {
    // An embedding lookup: ids [2, 3] with repeats (row 1 three times), rows 2 and 4 never read.
    name: 'Gather axis 0 (embedding), repeated ids',
    inputs: [{ shape: [5, 3] }],
    build: (g, table) => g.gather(table!, int64s(g, [1, 3, 1, 0, 1, 3], [2, 3])),
  },
  {
    name: 'Gather axis 1, int32 indices with a negative one',
    inputs: [{ shape: [2, 4, 3] }],
    build: (g, x) => g.gather(x!, g.constant(Int32Array.from([2, -1, 0, 2]), 'int32', [2, 2]), 1),
  },
  { name: 'Gather axis 1, a scalar index', inputs: [{ shape: [2, 4, 3] }], build: (g, x) => g.gather(x!, int64s(g, [-2], []), 1) },
  {
    name: 'GatherElements axis 1, repeated indices',
    inputs: [{ shape: [3, 4] }],
    build: (g, x) => g.gatherElements(x!, int64s(g, [0, 0, 3, 1, 2, 2], [3, 2]), 1),
  },
  { name: 'Tile [2, 3] by [3, 2]', inputs: [{ shape: [2, 3] }], build: (g, x) => g.addNode('Tile', [x!, int64s(g, [3, 2], [2])])[0]! },
  {
    name: 'CumSum axis 1',
    inputs: [{ shape: [3, 4] }],
    build: (g, x) => g.addNode('CumSum', [x!, int64s(g, [1], [])], {}, sameType(x!))[0]!,
  },
  {
    name: 'CumSum axis 0, reverse and exclusive',
    inputs: [{ shape: [4, 2] }],
    build: (g, x) => g.addNode('CumSum', [x!, int64s(g, [0], [])], { reverse: attr.int(1), exclusive: attr.int(1) }, sameType(x!))[0]!,
  },
  {
    // A causal mask keeps the lower triangle (k = 0); k = 1 keeps one diagonal more.
    name: 'Trilu lower, k 1',
    inputs: [{ shape: [2, 3, 4] }],
    build: (g, x) => g.addNode('Trilu', [x!, int64s(g, [1], [])], { upper: attr.int(0) }, sameType(x!))[0]!,
  },
  { name: 'Trilu upper (default)', inputs: [{ shape: [3, 3] }], build: (g, x) => g.addNode('Trilu', [x!], {}, sameType(x!))[0]! },
];
