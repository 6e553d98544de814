import { attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

export const reduceCases: readonly GradientCase[] = [
  { name: 'ReduceSum axis 1 keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceSum(x!, { axes: [1], keepdims: true }) },
  { name: 'ReduceSum axes [0, 2] no keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceSum(x!, { axes: [0, 2], keepdims: false }) },
  { name: 'ReduceSum all axes to a scalar', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceSum(x!, { keepdims: false }) },
  {
    name: 'ReduceSum noop_with_empty_axes',
    inputs: [{ shape: [2, 3] }],
    build: (g, x) => g.addNode('ReduceSum', [x!], { noop_with_empty_axes: attr.int(1) })[0]!,
  },
  { name: 'ReduceMean axis -1 no keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceMean(x!, { axes: [-1], keepdims: false }) },
  { name: 'ReduceMean all axes keepdims', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.reduceMean(x!) },
];
