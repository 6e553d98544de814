import { describe, expect, it } from 'vitest';
import { GraphBuilder, ModelFormatError, decodeModel, encodeModel, inlineFunctions } from '../src/index';
import type { Model } from '../src/index';

function smallModel(): Model {
  const g = new GraphBuilder('small');
  const x = g.input('x', 'float32', [2, 3]);
  const w = g.initializer('w', 'float32', [3, 4], Float32Array.from({ length: 12 }, (_, i) => i / 10));
  const y = g.leakyRelu(g.matMul(x, w), 0.2);
  g.output(g.reduceSum(y, { axes: [1], keepdims: false }), 'y');
  return g.toModel({ docString: 'a small model', metadata: { author: 'losskit tests' } });
}

describe('encodeModel / decodeModel', () => {
  it('round-trips structure, attributes, initializers and metadata', () => {
    const model = smallModel();
    const decoded = decodeModel(encodeModel(model));
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImports).toEqual([{ domain: '', version: 18 }]);
    expect(decoded.docString).toBe('a small model');
    expect(decoded.metadata).toEqual({ author: 'losskit tests' });
    expect(decoded.graph.nodes.map((n) => n.op)).toEqual(['MatMul', 'LeakyRelu', 'ReduceSum', 'Identity']);
    expect(decoded.graph.nodes[1]!.attributes.alpha).toEqual({ type: 'float', value: Math.fround(0.2) });
    expect(decoded.graph.nodes[2]!.attributes.keepdims).toEqual({ type: 'int', value: 0 });
    expect(decoded.graph.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [2, 3] }]);
    expect(decoded.graph.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: [2] }]);
    const w = decoded.graph.initializers.find((t) => t.name === 'w')!;
    expect(w.dims).toEqual([3, 4]);
    expect(Array.from(w.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround(i / 10)));
    const axes = decoded.graph.initializers.find((t) => t.dtype === 'int64')!;
    expect(Array.from(axes.data as BigInt64Array)).toEqual([1n]);
    // Encoding the decoded model again gives the same bytes.
    expect(encodeModel(decoded)).toEqual(encodeModel(model));
  });

  it('writes names in UTF-8: ASCII, non-ASCII and long ones, byte for byte as TextEncoder does', () => {
    const g = new GraphBuilder('names');
    const names = ['x', 'säule/Ω→y', `${'long/'.repeat(20)}z`, `${'ü'.repeat(40)}`, '🙂'];
    const inputs = names.map((name) => g.input(name, 'float32', [1]));
    g.output(inputs.reduce((a, b) => g.add(a, b)), 'sum');
    const model = g.toModel({ docString: 'emoji 🙂 and ascii' });
    const bytes = encodeModel(model);
    const decoded = decodeModel(bytes);
    expect(decoded.graph.inputs.map((v) => v.name)).toEqual(names);
    expect(decoded.docString).toBe('emoji 🙂 and ascii');
    // Each name appears in the bytes as its UTF-8 encoding.
    const text = new TextDecoder().decode(bytes);
    for (const name of names) expect(text).toContain(name);
  });

  it('views large aligned initializers in place instead of copying them', () => {
    const g = new GraphBuilder('big');
    const x = g.input('x', 'float32', [1024, 1024]);
    const data = new Float32Array(1024 * 1024).map((_, i) => i % 97);
    g.output(g.add(x, g.initializer('big', 'float32', [1024, 1024], data)), 'y');
    const bytes = encodeModel(g.toModel());
    // Whatever the payload's offset, exactly one of four shifts puts it on a 4-byte boundary;
    // there the decoded array must share the model's buffer, elsewhere it is one exact copy.
    let shared = 0;
    for (let shift = 0; shift < 4; shift++) {
      const holder = new Uint8Array(bytes.length + shift);
      holder.set(bytes, shift);
      const view = decodeModel(holder.subarray(shift)).graph.initializers[0]!.data as Float32Array;
      expect(view.length).toBe(1024 * 1024);
      expect(view[12345]).toBe(12345 % 97);
      expect(view[1024 * 1024 - 1]).toBe((1024 * 1024 - 1) % 97);
      if (view.buffer === holder.buffer) shared++;
    }
    expect(shared).toBe(1);
  });

  it('copies misaligned raw_data exactly', () => {
    const bytes = encodeModel(smallModel());
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeModel(shifted.subarray(1));
    const w = decoded.graph.initializers.find((t) => t.name === 'w')!;
    expect(Array.from(w.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround(i / 10)));
  });

  it('keeps external data references and loads them through a resolver', () => {
    const model = smallModel();
    const external: Model = {
      ...model,
      graph: {
        ...model.graph,
        initializers: model.graph.initializers.map((t) =>
          t.name === 'w' ? { ...t, data: new Uint8Array(0), external: { location: 'w.bin', offset: 8, length: 48 } } : t,
        ),
      },
    };
    const bytes = encodeModel(external);
    const unresolved = decodeModel(bytes).graph.initializers.find((t) => t.name === 'w')!;
    expect(unresolved.external).toEqual({ location: 'w.bin', offset: 8, length: 48 });
    const file = new Uint8Array(8 + 48);
    new Float32Array(file.buffer, 8, 12).set(Float32Array.from({ length: 12 }, (_, i) => i));
    const requested: string[] = [];
    const resolved = decodeModel(bytes, {
      externalData: (location) => {
        requested.push(location);
        return file;
      },
    }).graph.initializers.find((t) => t.name === 'w')!;
    expect(requested).toEqual(['w.bin']);
    expect(Array.from(resolved.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('rejects bytes that are not a model with ModelFormatError', () => {
    expect(() => decodeModel(new Uint8Array([0x0a, 0xff]))).toThrowError(ModelFormatError);
    expect(() => decodeModel(new TextEncoder().encode('not a model at all'))).toThrowError(ModelFormatError);
    expect(() => decodeModel(new Uint8Array(0))).toThrowError('Not an ONNX model');
  });

  it('inlines model-local functions, binding attribute references', () => {
    const model = smallModel();
    const withFunction: Model = {
      ...model,
      opsetImports: [...model.opsetImports, { domain: 'custom', version: 1 }],
      functions: [
        {
          name: 'ScaledRelu',
          domain: 'custom',
          inputs: ['a'],
          outputs: ['b'],
          attributes: ['slope'],
          opsetImports: [{ domain: '', version: 18 }],
          nodes: [
            { op: 'LeakyRelu', domain: '', name: 'inner', inputs: ['a'], outputs: ['t'], attributes: { alpha: { type: 'ref', value: 'slope', refType: 1 } } },
            { op: 'Identity', domain: '', name: 'out', inputs: ['t'], outputs: ['b'], attributes: {} },
          ],
        },
      ],
      graph: {
        ...model.graph,
        nodes: [
          { op: 'ScaledRelu', domain: 'custom', name: 'call', inputs: ['x'], outputs: ['z'], attributes: { slope: { type: 'float', value: 0.5 } } },
          ...model.graph.nodes,
        ],
      },
    };
    const roundTripped = decodeModel(encodeModel(withFunction));
    expect(roundTripped.functions[0]!.nodes[0]!.attributes.alpha).toEqual({ type: 'ref', value: 'slope', refType: 1 });
    const inlined = inlineFunctions(roundTripped);
    expect(inlined.functions).toEqual([]);
    const [relu, identity] = inlined.graph.nodes;
    expect(relu!.op).toBe('LeakyRelu');
    expect(relu!.inputs).toEqual(['x']);
    expect(relu!.attributes.alpha).toEqual({ type: 'float', value: 0.5 });
    expect(identity!.outputs).toEqual(['z']);
  });
});
