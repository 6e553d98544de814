import { GraphBuilder, type Model } from '@losskit/graph';

/** `y = x * w` with `w` of `size` floats: a checkpoint of about 4·size bytes, slow enough to kill mid-write. */
export function bigLinearModel(size: number): Model {
  const g = new GraphBuilder('big-linear');
  const x = g.input('x', 'float32', [1, size]);
  const w = g.initializer('w', 'float32', [size], Float32Array.from({ length: size }, (_, i) => (i % 97) / 97));
  g.output(g.mul(x, w), 'y');
  return g.toModel();
}

/** 8 Mi floats: 32 MiB checkpoints. */
export const BIG_SIZE: number = 8 * 1024 * 1024;
