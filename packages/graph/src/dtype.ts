/** Element types of ONNX tensors that losskit can represent. */
export type DType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'bool'
  | 'string';

/** The JavaScript storage of tensor data for each dtype (float16/bfloat16 are raw 16-bit words). */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/** ONNX `TensorProto.DataType` codes. */
export const ONNX_DTYPE_CODES: Readonly<Record<DType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
  bfloat16: 16,
};

const DTYPES_BY_CODE = new Map<number, DType>(
  Object.entries(ONNX_DTYPE_CODES).map(([dtype, code]) => [code, dtype as DType]),
);

/** The dtype of an ONNX data type code, or `undefined` for types losskit does not handle. */
export function dtypeFromCode(code: number): DType | undefined {
  return DTYPES_BY_CODE.get(code);
}

type NumericDType = Exclude<DType, 'string'>;

interface TypedArrayConstructor {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
}

const ARRAY_CONSTRUCTORS: Readonly<Record<NumericDType, TypedArrayConstructor>> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  bfloat16: Uint16Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

/** The typed array class that stores `dtype` elements. */
export function typedArrayFor(dtype: DType): TypedArrayConstructor {
  if (dtype === 'string') throw new TypeError('string tensors are stored as string[]');
  return ARRAY_CONSTRUCTORS[dtype];
}

/** Bytes per element of a numeric dtype. */
export function bytesPerElement(dtype: DType): number {
  return typedArrayFor(dtype).BYTES_PER_ELEMENT;
}

/** Whether `dtype` is a floating-point type (the types gradients flow through). */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}
