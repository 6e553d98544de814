// The WebGPU Conv workaround's graph rewrite, checked in Node: it picks exactly the Convs ONNX
// Runtime WebGPU miscomputes (measured in Chromium, see browser-webgpu-conv.test.ts), and the
// padded graph computes the float64 reference on the cpu provider.
import { GraphBuilder, attr, decodeModel, encodeModel } from '@losskit/graph';
import { createModelSession, downloadTensor } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { padWrongWebGpuConvs, padWrongWebGpuConvsInBytes, webgpuConvIsWrong } from '../src/webgpu-conv';
import { convCases, convReference } from './support/conv-reference';

describe('webgpuConvIsWrong', () => {
  it('flags 6, 9, 18, 30 input channels with a multiple of 4 outputs and a kernel above 1x1', () => {
    // Measured on onnxruntime-web 1.30 WebGPU (SwiftShader): wrong for these input channels...
    for (const inChannels of [6, 9, 18, 30]) expect(webgpuConvIsWrong([32, inChannels, 3, 3]), `${inChannels} in`).toBe(true);
    // ...right for these, for 1x1 kernels and for 3 or 5 output channels.
    for (const inChannels of [1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 14, 16, 22, 24, 32, 38]) expect(webgpuConvIsWrong([32, inChannels, 3, 3]), `${inChannels} in`).toBe(false);
    expect(webgpuConvIsWrong([32, 6, 1, 1])).toBe(false);
    expect(webgpuConvIsWrong([3, 6, 3, 3])).toBe(false);
    expect(webgpuConvIsWrong([5, 6, 3, 3])).toBe(false);
    expect(webgpuConvIsWrong([12, 6, 5, 5])).toBe(true);
  });
});

describe('padWrongWebGpuConvs', () => {
  it('returns a graph without such Convs unchanged, bytes included', () => {
    const g = new GraphBuilder('ok');
    const x = g.input('x', 'float32', [1, 8, 4, 4]);
    const w = g.initializer('w', 'float32', [4, 8, 3, 3], new Float32Array(4 * 8 * 9));
    g.output(g.addNode('Conv', [x, w], { pads: attr.ints([1, 1, 1, 1]) })[0]!, 'y');
    const model = g.toModel();
    expect(padWrongWebGpuConvs(model.graph)).toBe(model.graph);
    const bytes = encodeModel(model);
    expect(padWrongWebGpuConvsInBytes(bytes)).toBe(bytes);
  });

  it('pads every wrong Conv (weight from an initializer or computed) and the result still matches float64 on cpu', async () => {
    for (const c of convCases()) {
      const g = new GraphBuilder('conv');
      const x = g.input('x', 'float32', [...c.x.dims]);
      const [o, i, kh, kw] = c.w.dims;
      // A symbolic-free graph whose weight is computed: Identity of an input.
      const w = c.weightFromInput ? g.identity(g.input('w', 'float32', [...c.w.dims])) : g.initializer('w', 'float32', c.w.dims, Float32Array.from(c.w.data));
      const b = g.initializer('b', 'float32', [o], Float32Array.from(c.b));
      const attributes = { kernel_shape: attr.ints([kh, kw]), strides: attr.ints([c.stride, c.stride]), pads: attr.ints([c.pad, c.pad, c.pad, c.pad]) };
      g.output(g.addNode('Conv', [x, w, b], attributes, { name: 'conv' })[0]!, 'y');
      const padded = padWrongWebGpuConvsInBytes(encodeModel(g.toModel()));
      const pads = decodeModel(padded).graph.nodes.filter((n) => n.op === 'Pad');
      expect(pads, c.name).toHaveLength(webgpuConvIsWrong(c.w.dims) ? 2 : 0);
      expect(webgpuConvIsWrong(c.w.dims), c.name).toBe(i !== 8);

      const session = await createModelSession(padded, { provider: 'cpu' });
      const feeds = { x: { data: Float32Array.from(c.x.data), dims: [...c.x.dims] }, ...(c.weightFromInput ? { w: { data: Float32Array.from(c.w.data), dims: [...c.w.dims] } } : {}) };
      const y = await downloadTensor((await session.run(feeds)).y!);
      await session.release();
      const reference = convReference(c).data;
      expect(y).toHaveLength(reference.length);
      let worst = 0;
      reference.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - y[k]!))));
      expect(worst, `${c.name}: largest difference from float64`).toBeLessThan(1e-5);
    }
  });
});
