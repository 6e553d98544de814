import { attributeValue } from './attributes';
import { type DType, type TypedArray, typedArrayFor } from './dtype';
import { numel } from './host-tensor';
import type { Node } from './ir';
import type { TensorType } from './ops/index';

/** A constant operand of a folded node: its data as plain numbers and its static shape. */
interface Operand {
  readonly values: readonly number[];
  readonly shape: readonly number[];
}

/**
 * Operators {@link foldNode} evaluates. They are the shape arithmetic exporters write around
 * Reshape, Pad and Resize (PyTorch's `x.view(x.size(0), -1)` becomes Shape -> Gather ->
 * Unsqueeze -> Concat -> Reshape); once the batch size is fixed, every value of such a chain is
 * a constant, and folding it gives Reshape a constant shape for static shape inference.
 */
export const FOLDABLE_OPS: ReadonlySet<string> = new Set([
  'Shape', 'Size', 'Gather', 'Unsqueeze', 'Squeeze', 'Reshape', 'Flatten', 'Concat', 'Cast', 'Identity',
  'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Equal', 'Where', 'ConstantOfShape', 'Slice', 'Transpose', 'Range', 'Expand',
]);

/** Largest result folded: shape arithmetic is tiny; anything bigger is left to the runtime. */
const MAX_FOLDED_ELEMENTS = 4096;

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Multi-index of a flat position. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return idx;
}

/** `a` broadcast (numpy rules) to `shape`. */
function broadcast(a: Operand, shape: readonly number[]): number[] {
  const lead = shape.length - a.shape.length;
  const strides = stridesOf(a.shape);
  return Array.from({ length: numel(shape) }, (_, flat) => {
    const idx = unravel(flat, shape);
    let src = 0;
    for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== 1) src += idx[i + lead]! * strides[i]!;
    return a.values[src]!;
  });
}

function isInteger(dtype: DType): boolean {
  return dtype.startsWith('int') || dtype.startsWith('uint') || dtype === 'bool';
}

function evaluate(node: Node, xs: readonly (Operand | undefined)[], inputTypes: readonly (TensorType | undefined)[], out: TensorType): number[] | undefined {
  const [a, b] = xs;
  const shape = out.shape;
  switch (node.op) {
    case 'Shape':
      return inputTypes[0]!.shape.slice(attributeValue(node.attributes, 'start', 'int') ?? 0, attributeValue(node.attributes, 'end', 'int') ?? inputTypes[0]!.shape.length);
    case 'Size':
      return [numel(inputTypes[0]!.shape)];
    case 'Identity':
    case 'Unsqueeze':
    case 'Squeeze':
    case 'Reshape':
    case 'Flatten':
      return [...a!.values];
    case 'Cast':
      return isInteger(out.dtype) ? a!.values.map((v) => (out.dtype === 'bool' ? +(v !== 0) : Math.trunc(v))) : [...a!.values];
    case 'Neg':
      return a!.values.map((v) => -v);
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Equal': {
      const [u, v] = [broadcast(a!, shape), broadcast(b!, shape)];
      const integer = isInteger(inputTypes[0]!.dtype);
      return u.map((x, i) => {
        const y = v[i]!;
        if (node.op === 'Add') return x + y;
        if (node.op === 'Sub') return x - y;
        if (node.op === 'Mul') return x * y;
        if (node.op === 'Equal') return +(x === y);
        return integer ? Math.trunc(x / y) : x / y;
      });
    }
    case 'Where': {
      const [c, u, v] = [broadcast(xs[0]!, shape), broadcast(xs[1]!, shape), broadcast(xs[2]!, shape)];
      return c.map((flag, i) => (flag ? u[i]! : v[i]!));
    }
    case 'ConstantOfShape': {
      const value = node.attributes.value;
      const fill = value?.type === 'tensor' ? Number((value.value.data as ArrayLike<number | bigint>)[0] ?? 0) : 0;
      return new Array<number>(numel(shape)).fill(fill);
    }
    case 'Range': {
      const [start, , delta] = xs.map((x) => x!.values[0]!);
      return Array.from({ length: shape[0]! }, (_, i) => start! + i * delta!);
    }
    case 'Expand':
      return broadcast(a!, shape);
    case 'Concat': {
      const rank = shape.length;
      const raw = attributeValue(node.attributes, 'axis', 'int') ?? 0;
      const axis = raw < 0 ? raw + rank : raw;
      const result: number[] = [];
      const outer = numel(shape.slice(0, axis));
      for (let o = 0; o < outer; o++) {
        for (const x of xs) {
          if (!x) continue;
          const inner = numel(x.shape.slice(axis));
          result.push(...x.values.slice(o * inner, (o + 1) * inner));
        }
      }
      return result;
    }
    case 'Gather': {
      const data = a!;
      const rank = data.shape.length;
      const raw = attributeValue(node.attributes, 'axis', 'int') ?? 0;
      const axis = raw < 0 ? raw + rank : raw;
      const strides = stridesOf(data.shape);
      const indexRank = b!.shape.length;
      return Array.from({ length: numel(shape) }, (_, flat) => {
        const idx = unravel(flat, shape);
        const indexIdx = idx.slice(axis, axis + indexRank);
        let index = b!.values[indexIdx.reduce((s, v, i) => s + v * stridesOf(b!.shape)[i]!, 0)]!;
        if (index < 0) index += data.shape[axis]!;
        const src = [...idx.slice(0, axis), index, ...idx.slice(axis + indexRank)];
        return data.values[src.reduce((s, v, i) => s + v * strides[i]!, 0)]!;
      });
    }
    case 'Transpose': {
      const rank = a!.shape.length;
      const perm = attributeValue(node.attributes, 'perm', 'ints') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
      const strides = stridesOf(a!.shape);
      return Array.from({ length: numel(shape) }, (_, flat) => {
        const idx = unravel(flat, shape);
        return a!.values[idx.reduce((s, v, i) => s + v * strides[perm[i]!]!, 0)]!;
      });
    }
    case 'Slice': {
      const data = a!;
      const rank = data.shape.length;
      // The output shape (from shape inference) already accounts for the ends.
      const starts = xs[1]!.values;
      const axes = xs[3]?.values ?? starts.map((_, i) => i);
      const steps = xs[4]?.values ?? starts.map(() => 1);
      const begin = new Array<number>(rank).fill(0);
      const step = new Array<number>(rank).fill(1);
      axes.forEach((rawAxis, i) => {
        const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
        const dim = data.shape[axis]!;
        const s = steps[i]!;
        const start = starts[i]! < 0 ? starts[i]! + dim : starts[i]!;
        begin[axis] = s > 0 ? Math.min(Math.max(start, 0), dim) : Math.min(Math.max(start, -1), dim - 1);
        step[axis] = s;
      });
      const strides = stridesOf(data.shape);
      return Array.from({ length: numel(shape) }, (_, flat) => {
        const idx = unravel(flat, shape);
        return data.values[idx.reduce((s, v, i) => s + (begin[i]! + v * step[i]!) * strides[i]!, 0)]!;
      });
    }
    default:
      return undefined;
  }
}

/**
 * Evaluates a node of {@link FOLDABLE_OPS} whose inputs are all constants (Shape needs only its
 * input's static shape). Returns the output data, or `undefined` when the node cannot be folded.
 */
export function foldNode(
  node: Node,
  inputs: readonly (TypedArray | undefined)[],
  inputTypes: readonly (TensorType | undefined)[],
  outputTypes: readonly TensorType[],
): TypedArray[] | undefined {
  if (node.domain !== '' || !FOLDABLE_OPS.has(node.op) || outputTypes.length !== 1) return undefined;
  const out = outputTypes[0]!;
  if (out.dtype === 'string' || numel(out.shape) > MAX_FOLDED_ELEMENTS) return undefined;
  const needsData = node.op !== 'Shape' && node.op !== 'Size';
  const operands: (Operand | undefined)[] = [];
  for (let i = 0; i < node.inputs.length; i++) {
    if (node.inputs[i] === '') {
      operands.push(undefined);
      continue;
    }
    const data = inputs[i];
    if (needsData && !data) return undefined;
    operands.push(data ? { values: Array.from(data as ArrayLike<number | bigint>, Number), shape: inputTypes[i]!.shape } : undefined);
  }
  const values = evaluate(node, operands, inputTypes, out);
  if (!values) return undefined;
  const Ctor = typedArrayFor(out.dtype);
  const array = new Ctor(values.length);
  const wide = array instanceof BigInt64Array || array instanceof BigUint64Array;
  values.forEach((v, i) => {
    (array as unknown as (number | bigint)[])[i] = wide ? BigInt(Math.trunc(v)) : v;
  });
  return [array];
}
