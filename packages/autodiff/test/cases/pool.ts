import type { GradientCase } from '../support/check';

export const poolCases: readonly GradientCase[] = [
  { name: 'AveragePool 2x2 stride 2', inputs: [{ shape: [2, 3, 6, 6] }], build: (g, x) => g.averagePool(x!, { kernelShape: [2, 2], strides: [2, 2] }) },
  {
    name: 'AveragePool 3x3 stride 2 pads 1 excluding pads',
    inputs: [{ shape: [1, 2, 7, 6] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
  },
  {
    name: 'AveragePool 3x3 stride 2 pads 1 counting pads',
    inputs: [{ shape: [1, 2, 7, 6] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true }),
  },
  {
    name: 'AveragePool 3x2 strides [1,2] asymmetric pads',
    inputs: [{ shape: [1, 2, 5, 7] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [3, 2], strides: [1, 2], pads: [0, 1, 2, 0] }),
  },
  {
    name: 'AveragePool ceil_mode',
    inputs: [{ shape: [1, 2, 7, 7] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [3, 3], strides: [2, 2], ceilMode: true }),
  },
  {
    name: 'AveragePool ceil_mode counting pads',
    inputs: [{ shape: [1, 2, 6, 6] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], ceilMode: true, countIncludePad: true }),
  },
  {
    name: 'AveragePool auto_pad SAME_UPPER',
    inputs: [{ shape: [1, 2, 5, 5] }],
    build: (g, x) => g.averagePool(x!, { kernelShape: [2, 2], strides: [2, 2], autoPad: 'SAME_UPPER' }),
  },
  { name: 'AveragePool 1-D', inputs: [{ shape: [2, 3, 9] }], build: (g, x) => g.averagePool(x!, { kernelShape: [3], strides: [2], pads: [1, 0] }) },
  { name: 'GlobalAveragePool', inputs: [{ shape: [2, 3, 4, 5] }], build: (g, x) => g.globalAveragePool(x!) },
];
