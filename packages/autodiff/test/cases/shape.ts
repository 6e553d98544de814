import type { GradientCase } from '../support/check';

export const shapeCases: readonly GradientCase[] = [
  { name: 'Reshape with 0 and -1 dims', inputs: [{ shape: [2, 12] }], build: (g, x) => g.reshape(x!, [0, 3, -1, 2]) },
  { name: 'Flatten axis 1', inputs: [{ shape: [2, 3, 2, 2] }], build: (g, x) => g.flatten(x!) },
  { name: 'Flatten axis 2', inputs: [{ shape: [2, 3, 2, 2] }], build: (g, x) => g.flatten(x!, 2) },
  { name: 'Squeeze', inputs: [{ shape: [2, 1, 3] }], build: (g, x) => g.squeeze(x!, [1]) },
  { name: 'Unsqueeze', inputs: [{ shape: [2, 3] }], build: (g, x) => g.unsqueeze(x!, [0, 3]) },
  { name: 'Expand [3,1] to [2,3,4]', inputs: [{ shape: [3, 1] }], build: (g, x) => g.expand(x!, [2, 3, 4]) },
  { name: 'Transpose perm [2,0,1]', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.transpose(x!, [2, 0, 1]) },
  { name: 'Transpose default (reversed) perm', inputs: [{ shape: [2, 3, 4] }], build: (g, x) => g.transpose(x!) },
  {
    name: 'Slice unit steps, negative start, two axes',
    inputs: [{ shape: [3, 5, 4] }],
    build: (g, x) => g.slice(x!, { starts: [1, -3], ends: [3, 100], axes: [0, 2] }),
  },
  { name: 'Slice step 2 (x[:, ::2])', inputs: [{ shape: [3, 7] }], build: (g, x) => g.slice(x!, { starts: [0], ends: [7], axes: [1], steps: [2] }) },
  {
    name: 'Slice steps 2 and 3, offsets, end past the input',
    inputs: [{ shape: [2, 9, 8] }],
    build: (g, x) => g.slice(x!, { starts: [1, -7], ends: [100, 8], axes: [1, 2], steps: [3, 2] }),
  },
  { name: 'Slice all axes, no axes input', inputs: [{ shape: [4, 5] }], build: (g, x) => g.slice(x!, { starts: [1, 0], ends: [3, 4] }) },
  {
    name: 'Concat axis 1 with a constant in the middle',
    inputs: [{ shape: [2, 2, 3] }, { shape: [2, 1, 3] }],
    build: (g, a, b) => g.concat([a!, g.constant([1, 2, 3, 4, 5, 6], 'float32', [2, 1, 3]), b!], 1),
  },
  { name: 'Concat negative axis', inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], build: (g, a, b) => g.concat([a!, b!], -1) },
];
