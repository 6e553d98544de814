// A file may lie about every length it holds. Each lie must be a ModelFormatError that says what
// was expected and what was found, never a silent misreading, a crash or a huge allocation.
// The bad files are written with protobufjs (onnx-proto), an encoder independent of losskit's.
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { ModelFormatError, decodeModel, encodeModel } from '../src/index';
import { floatType, ifModel, loopModel } from './support/proto-models';

type TensorFields = onnx.ITensorProto;

/** A valid one-node model `y = x + w` around the initializer `w` given. */
function modelWith(w: TensorFields, extra: Partial<onnx.IGraphProto> = {}): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 18 }],
    graph: {
      name: 'g',
      node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
      initializer: [{ name: 'w', ...w }],
      input: [{ name: 'x', type: floatType([3]) }],
      output: [{ name: 'y', type: floatType([3]) }],
      ...extra,
    },
  }).finish();
}

function formatError(run: () => unknown): ModelFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as ModelFormatError).code).toBe('ERR_MODEL_FORMAT');
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError');
}

const float32Bytes = (values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);

describe('decodeModel: tensor data against dims', () => {
  it('accepts data that matches the dims, in raw_data or float_data', () => {
    for (const w of [{ dataType: 1, dims: [3], rawData: float32Bytes([1, 2, 3]) }, { dataType: 1, dims: [3], floatData: [1, 2, 3] }]) {
      const model = decodeModel(modelWith(w));
      expect(Array.from(model.graph.initializers[0]!.data as Float32Array)).toEqual([1, 2, 3]);
    }
  });

  it.each([
    ['raw_data too short', { dataType: 1, dims: [3], rawData: float32Bytes([1, 2]) }, /dims \[3\] need 12 bytes of float32 raw_data, received 8 bytes/],
    ['raw_data too long', { dataType: 1, dims: [2, 2], rawData: float32Bytes([1, 2, 3, 4, 5]) }, /need 16 bytes .* received 20 bytes/],
    ['raw_data not whole elements', { dataType: 1, dims: [1], rawData: new Uint8Array(5) }, /need 4 bytes .* received 5 bytes/],
    ['float_data count', { dataType: 1, dims: [3], floatData: [1, 2] }, /dims \[3\] need 3 values, received 2 in float_data/],
    ['int64_data count', { dataType: 7, dims: [2], int64Data: [1] }, /need 2 values, received 1 in int64_data/],
    ['no data at all', { dataType: 1, dims: [3] }, /need 3 values, received 0 \(no data\)/],
    ['the wrong typed field', { dataType: 7, dims: [2], floatData: [1, 2] }, /of type int64 stores its values in float_data; expected raw_data or int64_data/],
    ['two data fields', { dataType: 1, dims: [1], floatData: [1], rawData: float32Bytes([1]) }, /raw_data and float_data; expected one field/],
    ['a missing data_type', { dims: [1], floatData: [1] }, /has no data_type/],
    ['an unknown data_type', { dataType: 99, dims: [1], rawData: new Uint8Array(4) }, /data type 99/],
    ['a negative dim', { dataType: 1, dims: [-1], floatData: [1] }, /expected non-negative integers, received -1 at axis 0/],
    ['dims whose product overflows', { dataType: 1, dims: [2 ** 40, 2 ** 40] }, /more than any file can hold/],
    ['string count', { dataType: 8, dims: [2], stringData: [new Uint8Array([97])] }, /need 2 strings, received 1/],
  ] as [string, TensorFields, RegExp][])('rejects %s', (_, w, message) => {
    expect(formatError(() => decodeModel(modelWith(w))).message).toMatch(message);
  });

  it('allocates nothing for dims that claim a huge tensor without data', () => {
    // 2^30 float32 elements would be 4 GiB; the file holds 4 bytes.
    const before = process.memoryUsage().arrayBuffers;
    formatError(() => decodeModel(modelWith({ dataType: 1, dims: [1024, 1024, 1024], rawData: new Uint8Array(4) })));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });
});

function external(entries: Record<string, string>): TensorFields {
  return { dataType: 1, dims: [3], dataLocation: 1, externalData: Object.entries(entries).map(([key, value]) => ({ key, value })) };
}

describe('decodeModel: external data', () => {
  const file = new Uint8Array(20);
  new Float32Array(file.buffer, 4, 3).set([1, 2, 3]);
  const load = (): Uint8Array => file;

  it('reads exactly the bytes the dims need, at the offset', () => {
    const w = decodeModel(modelWith(external({ location: 'w.bin', offset: '4' })), { externalData: load }).graph.initializers[0]!;
    expect(Array.from(w.data as Float32Array)).toEqual([1, 2, 3]);
    const unresolved = decodeModel(modelWith(external({ location: 'w.bin', offset: '4', length: '12' }))).graph.initializers[0]!;
    expect(unresolved.external).toEqual({ location: 'w.bin', offset: 4, length: 12 });
  });

  it.each([
    ['an offset past the end', { location: 'w.bin', offset: '40' }, /bytes 40\.\.52 are past the end of "w\.bin" \(20 bytes\)/],
    ['a range past the end', { location: 'w.bin', offset: '12' }, /bytes 12\.\.24 are past the end/],
    ['a length that does not fit the dims', { location: 'w.bin', length: '8' }, /dims \[3\] of float32 need 12 bytes, received length 8/],
    ['a non-numeric offset', { location: 'w.bin', offset: 'abc' }, /offset: expected a non-negative integer, received "abc"/],
    ['a negative offset', { location: 'w.bin', offset: '-4' }, /received "-4"/],
    ['a huge length', { location: 'w.bin', length: '99999999999999999999' }, /length: expected a non-negative integer/],
    ['no location', { offset: '0' }, /location: expected a relative path inside the model's folder, received ""/],
    ['a location outside the folder', { location: '../../etc/passwd' }, /received "\.\.\/\.\.\/etc\/passwd"/],
    ['an absolute location', { location: '/etc/passwd' }, /relative path/],
  ])('rejects %s', (_, entries, message) => {
    expect(formatError(() => decodeModel(modelWith(external(entries)), { externalData: load })).message).toMatch(message);
  });

  it('wraps a loader that fails', () => {
    const error = formatError(() =>
      decodeModel(modelWith(external({ location: 'w.bin' })), {
        externalData: () => {
          throw new Error('ENOENT: no such file');
        },
      }),
    );
    expect(error.message).toMatch(/external data file "w\.bin" could not be loaded: Error: ENOENT/);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
  });
});

describe('decodeModel: types and structure', () => {
  it('refuses a graph input or output without an element type', () => {
    const noType = modelWith({ dataType: 1, dims: [3], floatData: [1, 2, 3] }, { input: [{ name: 'x' }] });
    expect(formatError(() => decodeModel(noType)).message).toMatch(/Graph input "x" has no element type.*received no type/);
    const zero = modelWith({ dataType: 1, dims: [3], floatData: [1, 2, 3] }, { output: [{ name: 'y', type: { tensorType: { elemType: 0 } } }] });
    expect(formatError(() => decodeModel(zero)).message).toMatch(/Graph output "y" has no element type.*elem_type 0/);
  });

  it('reads a graph output without a type, in the main graph and in If branches, and writes it back without one', () => {
    // ONNX Runtime infers such types (Silero VAD v5 writes `type {}` on its If branch outputs).
    const bytes = ifModel({ name: 'a', type: {} }, { name: 'y', docString: 'inferred' });
    const model = decodeModel(bytes);
    expect(model.graph.outputs).toEqual([{ name: 'y', dtype: undefined, shape: undefined, docString: 'inferred' }]);
    const thenBranch = model.graph.nodes[0]!.attributes.then_branch!;
    expect(thenBranch.type === 'graph' ? thenBranch.value.outputs : undefined).toEqual([{ name: 'a', dtype: undefined, shape: undefined, unknownFields: [expect.any(Uint8Array)] }]);

    const written = onnx.ModelProto.decode(encodeModel(model)).graph as onnx.GraphProto;
    expect(written.output[0]!.type).toBeNull();
    expect(written.output[0]!.docString).toBe('inferred');
    // The empty type of the branch outputs comes back as it was: present, with no kind set.
    const branchOutput = ((written.node[0] as onnx.NodeProto).attribute[0]!.g as onnx.GraphProto).output[0]!;
    expect(branchOutput.type).not.toBeNull();
    expect(onnx.TypeProto.toObject(branchOutput.type as onnx.TypeProto)).toEqual({});
  });

  it('refuses what ONNX Runtime refuses: a subgraph input without a type, an element type left at 0', () => {
    expect(formatError(() => decodeModel(loopModel({ name: 'i' }, { name: 'o' }))).message).toMatch(/Graph input "i" has no element type.*received no type/);
    const elemZero = { name: 'o', type: { tensorType: { shape: { dim: [{ dimValue: 3 }] } } } };
    expect(formatError(() => decodeModel(loopModel({ name: 'i', type: floatType([]) }, elemZero))).message).toMatch(/Graph output "o" has no element type.*elem_type 0/);
  });

  it('reads a tensor type that carries a denotation', () => {
    const bytes = modelWith({ dataType: 1, dims: [3], floatData: [1, 2, 3] }, { input: [{ name: 'x', type: { ...floatType([3]), denotation: 'TENSOR' } }] });
    expect(decodeModel(bytes).graph.inputs[0]).toEqual({ name: 'x', dtype: 'float32', shape: [3] });
  });

  it('keeps the fields it does not model and writes them back unchanged', () => {
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 18 }],
      trainingInfo: [{ initializationBinding: [{ key: 'w', value: 'w_init' }] }],
      graph: {
        name: 'g',
        node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'] }],
        initializer: [{ name: 'w', dataType: 1, dims: [3], floatData: [1, 2, 3], segment: { begin: 0, end: 3 } }],
        input: [{ name: 'x', type: floatType([3]) }],
        output: [{ name: 'y', type: floatType([3]) }],
        quantizationAnnotation: [{ tensorName: 'y', quantParameterTensorNames: [{ key: 'SCALE_TENSOR', value: 'w' }] }],
      },
    }).finish();
    const model = decodeModel(bytes);
    expect(model.unknownFields).toHaveLength(1);
    expect(model.graph.unknownFields).toHaveLength(1);
    expect(model.graph.initializers[0]!.unknownFields).toHaveLength(1);
    const original = onnx.ModelProto.toObject(onnx.ModelProto.decode(bytes), { longs: Number });
    const written = onnx.ModelProto.toObject(onnx.ModelProto.decode(encodeModel(model)), { longs: Number });
    expect(written.trainingInfo).toEqual(original.trainingInfo);
    expect(written.graph.quantizationAnnotation).toEqual(original.graph.quantizationAnnotation);
    expect(written.graph.initializer[0].segment).toEqual({ begin: 0, end: 3 });
  });

  it('drops a value_info entry that carries no type', () => {
    const bytes = modelWith({ dataType: 1, dims: [3], floatData: [1, 2, 3] }, { valueInfo: [{ name: 'hint' }] });
    expect(decodeModel(bytes).graph.valueInfo).toEqual([]);
  });

  it('limits how deep subgraphs nest', () => {
    const nested = (depth: number): onnx.IGraphProto => ({
      name: `level${depth}`,
      node: depth === 0 ? [] : [{ opType: 'If', input: ['c'], output: ['o'], attribute: [{ name: 'then_branch', type: 5, g: nested(depth - 1) }] }],
    });
    const bytes = (depth: number): Uint8Array => onnx.ModelProto.encode({ irVersion: 8, graph: nested(depth) }).finish();
    expect(() => decodeModel(bytes(20))).not.toThrow();
    expect(formatError(() => decodeModel(bytes(40))).message).toMatch(/nest deeper than 32 levels/);
  });

  it.each([
    ['a length far past the end', [0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], /length past the end of the message/],
    ['a negative length', [0x3a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /length past the end/],
    ['a varint longer than 10 bytes', [0x08, ...Array<number>(11).fill(0xff), 0x01], /varint longer than 10 bytes/],
    ['a truncated varint', [0x08, 0xff], /truncated varint/],
    ['field number 0', [0x00, 0x01], /field number 0/],
    ['a group wire type', [0x0b], /unsupported wire type 3/],
  ])('rejects %s at the protobuf level', (_, bytes, message) => {
    expect(formatError(() => decodeModel(Uint8Array.from(bytes))).message).toMatch(message);
  });

  it('re-encodes what it accepts', () => {
    const model = decodeModel(modelWith({ dataType: 1, dims: [3], floatData: [1, 2, 3] }));
    expect(decodeModel(encodeModel(model))).toEqual(model);
  });
});
