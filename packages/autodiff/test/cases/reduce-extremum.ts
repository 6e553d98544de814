import { type GraphBuilder, attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

const int64s = (g: GraphBuilder, values: readonly number[]) => g.constant(BigInt64Array.from(values, BigInt), 'int64', [values.length]);

export const reduceExtremumCases: readonly GradientCase[] = [
  { name: 'ReduceMax axis 1 keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceMax(x!, { axes: [1], keepdims: true }) },
  { name: 'ReduceMin axes [0, -1] no keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceMin(x!, { axes: [0, -1], keepdims: false }) },
  {
    // Two-way ties: a central difference at a tie moves the maximum by h one way and 0 the other,
    // so finite differences give each tied cell 1/2, the even split of PyTorch's amax.
    name: 'ReduceMax axis 1, two tied maxima per row',
    inputs: [{ shape: [2, 3], data: [0.5, -0.2, 0.5, 0.1, 0.3, 0.3] }],
    build: (g, x) => g.reduceMax(x!, { axes: [1], keepdims: false }),
  },
  {
    // The opset-17 form: axes an attribute (opset 18 made it an input).
    name: 'ReduceMin axes attribute (opset 17)',
    inputs: [{ shape: [3, 4] }],
    opsetImports: [{ domain: '', version: 17 }],
    build: (g, x) => g.addNode('ReduceMin', [x!], { axes: attr.ints([0]), keepdims: attr.int(0) }, { outputTypes: [{ dtype: 'float32', shape: [4] }] })[0]!,
  },
  {
    name: 'ReduceMax noop_with_empty_axes',
    inputs: [{ shape: [2, 3] }],
    build: (g, x) => g.addNode('ReduceMax', [x!], { noop_with_empty_axes: attr.int(1) })[0]!,
  },
  { name: 'ReduceLogSumExp axis -1 no keepdims', inputs: [{ shape: [2, 3, 4], range: [-3, 3] }], build: (g, x) => g.addNode('ReduceLogSumExp', [x!, int64s(g, [-1])], { keepdims: attr.int(0) })[0]! },
  { name: 'ReduceLogSumExp all axes keepdims', inputs: [{ shape: [2, 3] }], build: (g, x) => g.addNode('ReduceLogSumExp', [x!])[0]! },
];
