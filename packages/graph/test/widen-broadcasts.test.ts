// optimizeGraph's widenNarrowBroadcasts: which operands are widened, and the same values in a
// real ONNX Runtime session.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Model, encodeModel, optimizeGraph } from '../src/index';

const N = 2;
const C = 3;

/** Per-channel operands over 2x2 images (widened), over 8x8 images and scalars (left alone). */
function perChannel(): Model {
  const g = new GraphBuilder('widen');
  const x = g.input('x', 'float32', [N, C, 2, 2]);
  const wide = g.input('wide', 'float32', [N, C, 8, 8]);
  const scale = g.input('scale', 'float32', [1, C, 1, 1]);
  const perImage = g.input('perImage', 'float32', [N, C, 1, 1]);
  const rows = g.input('rows', 'float32', [N, 1, 2]);
  const shift = g.reshape(scale, [C, 1, 1]); // rank 3 against rank 4: aligned from the right
  g.output(g.mul(x, scale), 'scaled');
  g.output(g.div(g.sub(scale, x), scale), 'divided'); // the operand first, read by two nodes
  g.output(g.add(x, perImage), 'gated');
  g.output(g.add(x, shift), 'shifted');
  g.output(g.mul(wide, scale), 'wideScaled'); // 64 cells: broadcast as it is
  g.output(g.mul(x, 2), 'doubled'); // a scalar: ONNX Runtime's fast path
  g.output(g.add(g.reshape(perImage, [N, C, 1]), rows), 'both'); // [N, C, 2]: both operands repeat
  // A value already named as the pass would name scale's widening: the pass takes another name.
  g.output(g.add(g.input('scale/widened-4', 'float32', [1]), 1), 'taken');
  return g.toModel();
}

const inputNames = (m: Model, node: string) => m.graph.nodes.find((n) => n.outputs[0] === node)!.inputs;
const producer = (m: Model, value: string) => m.graph.nodes.find((n) => n.outputs.includes(value));

async function run(model: Model, feeds: Record<string, ort.Tensor>): Promise<Record<string, number[]>> {
  const session = await ort.InferenceSession.create(encodeModel(model), { executionProviders: ['cpu'], logSeverityLevel: 3 });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Array.from(v.data as Float32Array)]));
  } finally {
    await session.release();
  }
}

const values = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));

describe('optimizeGraph with widenNarrowBroadcasts', () => {
  const model = perChannel();
  const plain = { ...model, graph: optimizeGraph(model.graph) };
  const widened = { ...model, graph: optimizeGraph(model.graph, { widenNarrowBroadcasts: true }) };

  it('widens operands repeated over at most 16 trailing cells, once each, and leaves the others', () => {
    expect(plain.graph.nodes.map((n) => n.op)).not.toContain('MatMul');
    // scale (once, shared by three nodes), perImage and shift: three widenings.
    expect(widened.graph.nodes.filter((n) => n.op === 'MatMul')).toHaveLength(3);
    const widenedScale = inputNames(widened, 'scaled')[1]!;
    expect(widenedScale).not.toBe('scale');
    expect(widenedScale).not.toBe('scale/widened-4');
    const matMul = producer(widened, producer(widened, widenedScale)!.inputs[0]!)!;
    expect(matMul.op).toBe('MatMul');
    expect(producer(widened, matMul.inputs[0]!)!.inputs[0]).toBe('scale');
    const divided = producer(widened, 'divided')!;
    expect(divided.inputs[1]).toBe(widenedScale);
    expect(inputNames(widened, producer(widened, divided.inputs[0]!)!.outputs[0]!)[0]).toBe(widenedScale);
    expect(inputNames(widened, 'gated')[1]).not.toBe('perImage');
    expect(inputNames(widened, 'wideScaled')).toEqual(inputNames(plain, 'wideScaled'));
    expect(inputNames(widened, 'doubled')).toEqual(inputNames(plain, 'doubled'));
    expect(inputNames(widened, 'both')).toEqual(inputNames(plain, 'both'));
  });

  it('computes the same values in onnxruntime-node', async () => {
    const feeds = {
      x: new ort.Tensor('float32', values(N * C * 4, (i) => Math.sin(i) * 3), [N, C, 2, 2]),
      wide: new ort.Tensor('float32', values(N * C * 64, (i) => Math.cos(i)), [N, C, 8, 8]),
      scale: new ort.Tensor('float32', Float32Array.of(0.5, -1.25, 3), [1, C, 1, 1]),
      perImage: new ort.Tensor('float32', values(N * C, (i) => i - 2.5), [N, C, 1, 1]),
      rows: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [N, 1, 2]),
      'scale/widened-4': new ort.Tensor('float32', Float32Array.of(7), [1]),
    };
    const before = await run(plain, feeds);
    const after = await run(widened, feeds);
    expect(Object.keys(after).toSorted()).toEqual(Object.keys(before).toSorted());
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name]);
    // Against values computed here: x[n, c, cell] * scale[c] and x + perImage[n, c].
    const x = feeds.x.data as Float32Array;
    const scale = [0.5, -1.25, 3];
    expect(after.scaled).toEqual(Array.from(x, (v, i) => Math.fround(v * scale[Math.floor(i / 4) % C]!)));
    expect(after.gated).toEqual(Array.from(x, (v, i) => Math.fround(v + (Math.floor(i / 4) - 2.5))));
  });
});
