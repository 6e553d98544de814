// onnxruntime-node 1.30 places outputs by position, not by name, when a run fetches some of
// them; the runtime must still put each requested output where `keepOnDevice` says.
import { GraphBuilder, encodeModel } from '@losskit/graph';
import { createModelSession } from '@losskit/runtime';
import { expect, it } from 'vitest';
import { nodeWebGpu } from './support/providers';

it('[node:webgpu] keeps exactly the keepOnDevice outputs on the GPU when some outputs are fetched', async (context) => {
  const webgpu = await nodeWebGpu();
  if (!webgpu.available) return context.skip(webgpu.reason);
  const g = new GraphBuilder('four-outputs');
  const x = g.input('x', 'float32', [2]);
  g.output(g.neg(x), 'first');
  g.output(g.abs(x), 'host');
  g.output(g.add(x, 1), 'device');
  g.output(g.reduceSum(x, { keepdims: false }), 'last');
  const session = await createModelSession(encodeModel(g.toModel()), { provider: 'webgpu', keepOnDevice: ['device'] });
  const out = await session.run({ x: { data: Float32Array.of(-1, 2), dims: [2] } }, ['last', 'device', 'host']);
  expect(Object.keys(out).toSorted()).toEqual(['device', 'host', 'last']);
  expect([out.last!.location, out.device!.location, out.host!.location]).toEqual(['cpu', 'gpu-buffer', 'cpu']);
  expect(Array.from(out.host!.data as Float32Array)).toEqual([1, 2]);
  out.device!.dispose();
  await session.release();
});
