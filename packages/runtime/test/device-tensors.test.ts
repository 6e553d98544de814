// Outputs kept on the GPU can be fed back as inputs and copied to the host on demand: the
// mechanism that keeps training parameters on the device between steps.
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { type RuntimeTensor, createModelSession, downloadTensor } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { nodeWebGpu } from './support/providers';

function counterModel(): Uint8Array {
  const g = new GraphBuilder('counter');
  const q = g.input('q', 'float32', [4]);
  g.output(g.add(q, 1), 'next');
  g.output(g.reduceSum(q, { keepdims: false }), 'total');
  return encodeModel(g.toModel());
}

describe('device-resident tensors', () => {
  it.for(['cpu', 'webgpu'] as const)('[node:%s] feeds outputs back for 10 runs and downloads them', async (provider, context) => {
    if (provider === 'webgpu') {
      const webgpu = await nodeWebGpu();
      if (!webgpu.available) return context.skip(webgpu.reason);
    }
    const session = await createModelSession(counterModel(), { provider, keepOnDevice: ['next'] });
    let state: RuntimeTensor | { data: Float32Array; dims: number[] } = { data: Float32Array.of(1, 2, 3, 4), dims: [4] };
    const totals: number[] = [];
    for (let i = 0; i < 10; i++) {
      const out = await session.run({ q: state });
      expect(out.next!.location).toBe(provider === 'webgpu' ? 'gpu-buffer' : 'cpu');
      totals.push((out.total!.data as Float32Array)[0]!);
      if ('dispose' in state) state.dispose();
      state = out.next!;
    }
    // Run i sums [1+i, 2+i, 3+i, 4+i] = 10 + 4i.
    expect(totals).toEqual(Array.from({ length: 10 }, (_, i) => 10 + 4 * i));
    expect(Array.from(await downloadTensor(state as RuntimeTensor))).toEqual([11, 12, 13, 14]);
    await session.release();
  });
});
