import { type DType, type TypedArray, bytesPerElement, dtypeFromCode, typedArrayFor } from '../dtype';
import { ModelFormatError } from '../errors';
import { formatDims } from '../host-tensor';
import type { ExternalDataInfo, Tensor } from '../ir';
import type { ProtoReader } from './reader';
import { STRING_ENTRY, TENSOR } from './schema';

/**
 * Loads an external data file named by a tensor (`location`, relative to the model file).
 * Without one, external tensors keep their `external` reference and no data.
 */
export type ExternalDataLoader = (location: string) => Uint8Array;

const utf8 = new TextDecoder();

/** The typed field ONNX stores each dtype's values in when it does not use `raw_data`. */
const TYPED_FIELD: Readonly<Record<DType, string>> = {
  float32: 'float_data',
  float64: 'double_data',
  int32: 'int32_data',
  int16: 'int32_data',
  int8: 'int32_data',
  uint16: 'int32_data',
  uint8: 'int32_data',
  bool: 'int32_data',
  float16: 'int32_data',
  bfloat16: 'int32_data',
  int64: 'int64_data',
  uint32: 'uint64_data',
  uint64: 'uint64_data',
  string: 'string_data',
};

export function stringEntry(r: ProtoReader): [string, string] {
  let key = '';
  let value = '';
  while (!r.done) {
    const { field, wire } = r.key();
    if (field === STRING_ENTRY.key) key = r.string();
    else if (field === STRING_ENTRY.value) value = r.string();
    else r.skip(wire);
  }
  return [key, value];
}

/**
 * A typed array over `bytes`. Aligned bytes are viewed in place (no copy); misaligned ones are
 * copied once with a single block copy, never element by element.
 */
function viewAs(dtype: DType, bytes: Uint8Array): TypedArray {
  const Ctor = typedArrayFor(dtype);
  const size = bytesPerElement(dtype);
  // `new Uint8Array(view)` copies (Buffer#slice would not).
  const source = bytes.byteOffset % size === 0 ? bytes : new Uint8Array(bytes);
  return new Ctor(source.buffer, source.byteOffset, source.byteLength / size);
}

function fromNumbers(dtype: DType, values: readonly number[] | readonly bigint[]): TypedArray {
  const Ctor = typedArrayFor(dtype);
  const out = new Ctor(values.length);
  const wide = out instanceof BigInt64Array || out instanceof BigUint64Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    (out as unknown as (number | bigint)[])[i] = wide ? BigInt(v) : Number(v);
  }
  return out;
}

/** The number of elements `dims` describe; every dim must be a non-negative safe integer. */
function elementCount(name: string, dims: readonly number[]): number {
  let count = 1;
  for (const [axis, d] of dims.entries()) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ModelFormatError(`Tensor "${name}" dims ${formatDims(dims)}: expected non-negative integers, received ${d} at axis ${axis}`);
    }
    count *= d;
  }
  if (!Number.isSafeInteger(count)) {
    throw new ModelFormatError(`Tensor "${name}" dims ${formatDims(dims)} describe ${count} elements, more than any file can hold`);
  }
  return count;
}

/** A base-10 non-negative integer from an external data entry (`offset`, `length`). */
function externalInteger(name: string, key: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new ModelFormatError(`Tensor "${name}" external data ${key}: expected a non-negative integer, received ${JSON.stringify(text)}`);
  }
  return value;
}

function externalInfo(name: string, entries: Readonly<Record<string, string>>): ExternalDataInfo {
  const location = entries.location ?? '';
  // ONNX resolves locations relative to the model's folder and never outside it.
  if (location === '' || location.startsWith('/') || /^[a-z]:|\\|(^|\/)\.\.(\/|$)/i.test(location)) {
    throw new ModelFormatError(
      `Tensor "${name}" external data location: expected a relative path inside the model's folder, received ${JSON.stringify(location)}`,
    );
  }
  const offset = externalInteger(name, 'offset', entries.offset ?? '0');
  const length = entries.length === undefined ? undefined : externalInteger(name, 'length', entries.length);
  return { location, offset, length };
}

/** Reads an external tensor's bytes through the loader, bounds-checked against its file. */
function loadExternal(name: string, dtype: DType, dims: readonly number[], count: number, info: ExternalDataInfo, load: ExternalDataLoader): TypedArray {
  let file: unknown;
  try {
    file = load(info.location);
  } catch (error) {
    throw new ModelFormatError(`Tensor "${name}" external data file "${info.location}" could not be loaded: ${String(error)}`, { cause: error });
  }
  if (!(file instanceof Uint8Array)) {
    throw new ModelFormatError(`Tensor "${name}": the external data loader must return a Uint8Array for "${info.location}"`);
  }
  const needed = count * bytesPerElement(dtype);
  const length = info.length ?? needed;
  if (length !== needed) {
    throw new ModelFormatError(
      `Tensor "${name}" external data length: dims ${formatDims(dims)} of ${dtype} need ${needed} bytes, received length ${length}`,
    );
  }
  if (info.offset > file.length || info.offset + length > file.length) {
    throw new ModelFormatError(
      `Tensor "${name}" external data: bytes ${info.offset}..${info.offset + length} are past the end of "${info.location}" (${file.length} bytes)`,
    );
  }
  return viewAs(dtype, file.subarray(info.offset, info.offset + length));
}

/** Collects one typed repeated field, keeping a single packed chunk as a view into the input. */
class RepeatedField<T> {
  packed: Uint8Array | undefined;
  values: T[] = [];
  present = false;

  constructor(private readonly unpack: (bytes: Uint8Array) => T[]) {}

  add(chunk: Uint8Array | undefined, value?: T): void {
    this.present = true;
    if (chunk && !this.packed && this.values.length === 0) {
      this.packed = chunk;
      return;
    }
    // A second chunk (protobuf allows concatenated packed fields): fall back to a list.
    // (No spread: a large chunk would overflow the call stack.)
    const more = [...(this.packed ? [this.packed] : []), ...(chunk ? [chunk] : [])];
    this.packed = undefined;
    for (const bytes of more) for (const v of this.unpack(bytes)) this.values.push(v);
    if (!chunk) this.values.push(value!);
  }
}

function unpackFixed(bytes: Uint8Array, size: 4 | 8): number[] {
  if (bytes.byteLength % size !== 0) {
    throw new ModelFormatError(`A packed ${size === 4 ? 'float' : 'double'} field of ${bytes.byteLength} bytes is not a whole number of values`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let offset = 0; offset + size <= bytes.length; offset += size) {
    out.push(size === 4 ? view.getFloat32(offset, true) : view.getFloat64(offset, true));
  }
  return out;
}

/**
 * Decodes a `TensorProto`. Every way a file can lie about its size is a `ModelFormatError`:
 * dims that are negative or overflow, data whose length differs from the product of the dims,
 * values in the wrong typed field, external data outside its file. Nothing is allocated beyond
 * what the input's bytes (or the external file's) hold.
 */
export function decodeTensor(r: ProtoReader, load: ExternalDataLoader | undefined): Tensor {
  const dims: number[] = [];
  let code: number | undefined;
  let name = '';
  let docString: string | undefined;
  let raw: Uint8Array | undefined;
  const floats = new RepeatedField<number>((b) => unpackFixed(b, 4));
  const doubles = new RepeatedField<number>((b) => unpackFixed(b, 8));
  let int32s: number[] | undefined;
  let int64s: bigint[] | undefined;
  let uint64s: bigint[] | undefined;
  let strings: string[] | undefined;
  const external: Record<string, string> = {};
  let dataLocation = 0;
  const unknown: Uint8Array[] = [];
  const bigints = (into: bigint[], wire: number): void => {
    if (wire !== 2) {
      into.push(r.bigint());
      return;
    }
    const sub = r.message();
    while (!sub.done) into.push(sub.bigint());
  };
  while (!r.done) {
    const { field, wire } = r.key();
    switch (field) {
      case TENSOR.dims:
        r.ints(wire, dims);
        break;
      case TENSOR.dataType:
        code = r.int();
        break;
      case TENSOR.name:
        name = r.string();
        break;
      case TENSOR.docString:
        docString = r.string();
        break;
      case TENSOR.rawData:
        raw = r.bytes();
        break;
      case TENSOR.floatData:
        if (wire === 2) floats.add(r.bytes());
        else floats.add(undefined, r.float());
        break;
      case TENSOR.doubleData:
        if (wire === 2) doubles.add(r.bytes());
        else doubles.add(undefined, r.double());
        break;
      case TENSOR.int32Data:
        r.ints(wire, (int32s ??= []));
        break;
      case TENSOR.int64Data:
        bigints((int64s ??= []), wire);
        break;
      case TENSOR.uint64Data:
        bigints((uint64s ??= []), wire);
        break;
      case TENSOR.stringData:
        (strings ??= []).push(utf8.decode(r.bytes()));
        break;
      case TENSOR.externalData: {
        const [key, value] = stringEntry(r.message());
        external[key] = value;
        break;
      }
      case TENSOR.dataLocation:
        dataLocation = r.int();
        break;
      default:
        unknown.push(r.keep(wire));
    }
  }
  if (code === undefined || code === 0) {
    throw new ModelFormatError(`Tensor "${name}" has no data_type; expected an ONNX element type such as 1 (float32)`);
  }
  const dtype = dtypeFromCode(code);
  if (!dtype) throw new ModelFormatError(`Tensor "${name}" has ONNX data type ${code}, which losskit does not support`);
  const count = elementCount(name, dims);
  const base = { name, dtype, dims, ...(docString ? { docString } : {}), ...(unknown.length > 0 ? { unknownFields: unknown } : {}) };

  const fields = [
    raw && 'raw_data',
    floats.present && 'float_data',
    doubles.present && 'double_data',
    int32s && 'int32_data',
    int64s && 'int64_data',
    uint64s && 'uint64_data',
    strings && 'string_data',
  ].filter((f): f is string => typeof f === 'string');
  if (dataLocation === 1) {
    if (dtype === 'string') throw new ModelFormatError(`Tensor "${name}" of type string cannot store its data externally`);
    if (fields.length > 0) {
      throw new ModelFormatError(`Tensor "${name}" stores its data externally and also in ${fields.join(', ')}; expected one place`);
    }
    const info = externalInfo(name, external);
    // Without a loader the tensor keeps its reference and holds no data.
    if (!load) return { ...base, data: new Uint8Array(0), external: info };
    return { ...base, data: loadExternal(name, dtype, dims, count, info, load) };
  }
  if (fields.length > 1) throw new ModelFormatError(`Tensor "${name}" stores its values in ${fields.join(' and ')}; expected one field`);
  const field = fields[0];
  if (field !== undefined && field !== 'raw_data' && field !== TYPED_FIELD[dtype]) {
    throw new ModelFormatError(`Tensor "${name}" of type ${dtype} stores its values in ${field}; expected raw_data or ${TYPED_FIELD[dtype]}`);
  }
  if (dtype === 'string') {
    const data = strings ?? [];
    if (data.length !== count) {
      throw new ModelFormatError(`Tensor "${name}" dims ${formatDims(dims)} need ${count} strings, received ${data.length} in string_data`);
    }
    return { ...base, data };
  }
  const packed = floats.packed ?? doubles.packed;
  if (packed && packed.byteLength % bytesPerElement(dtype) !== 0) {
    throw new ModelFormatError(`Tensor "${name}" ${field}: ${packed.byteLength} bytes are not a whole number of ${dtype} values`);
  }
  let data: TypedArray;
  if (raw) {
    const needed = count * bytesPerElement(dtype);
    if (raw.byteLength !== needed) {
      throw new ModelFormatError(
        `Tensor "${name}" dims ${formatDims(dims)} need ${needed} bytes of ${dtype} raw_data, received ${raw.byteLength} bytes`,
      );
    }
    data = viewAs(dtype, raw);
  } else if (packed) data = viewAs(dtype, packed);
  else if (floats.present) data = Float32Array.from(floats.values);
  else if (doubles.present) data = Float64Array.from(doubles.values);
  // float16 and bfloat16 travel in int32_data as their raw 16-bit patterns.
  else data = fromNumbers(dtype, int64s ?? uint64s ?? int32s ?? []);
  if (data.length !== count) {
    throw new ModelFormatError(`Tensor "${name}" dims ${formatDims(dims)} need ${count} values, received ${data.length}${field ? ` in ${field}` : ' (no data)'}`);
  }
  return { ...base, data };
}
