import { type Node, UnsupportedOperatorError, attributeValue } from '@losskit/graph';

/** The sliding-window geometry of one Conv, ConvTranspose or pooling node, with padding resolved. */
export interface Window {
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Padding at the start of each spatial axis. */
  readonly begin: readonly number[];
  /** Padding at the end of each spatial axis. */
  readonly end: readonly number[];
}

function autoPad(node: Node): string {
  return attributeValue(node.attributes, 'auto_pad', 'string') ?? 'NOTSET';
}

/** The `group` attribute (1 when absent). */
export function groupOf(node: Node): number {
  return attributeValue(node.attributes, 'group', 'int') ?? 1;
}

/** Splits a total padding between the two ends: odd totals put the extra cell at `extraAtEnd`'s side. */
function split(total: number, extraAtEnd: boolean): [number, number] {
  const small = Math.floor(total / 2);
  return extraAtEnd ? [small, total - small] : [total - small, small];
}

/**
 * Conv and pooling: resolves `auto_pad` into explicit pads the way ONNX defines it (SAME_UPPER puts
 * the odd cell at the end, SAME_LOWER at the start).
 */
export function slidingWindow(node: Node, input: readonly number[], kernel: readonly number[]): Window {
  const ones = kernel.map(() => 1);
  const strides = attributeValue(node.attributes, 'strides', 'ints') ?? ones;
  const dilations = attributeValue(node.attributes, 'dilations', 'ints') ?? ones;
  const mode = autoPad(node);
  if (mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    const both = input.map((size, i) => {
      const out = Math.ceil(size / strides[i]!);
      const effective = (kernel[i]! - 1) * dilations[i]! + 1;
      return split(Math.max(0, (out - 1) * strides[i]! + effective - size), mode === 'SAME_UPPER');
    });
    return { strides, dilations, begin: both.map((p) => p[0]), end: both.map((p) => p[1]) };
  }
  const pads = mode === 'VALID' ? undefined : attributeValue(node.attributes, 'pads', 'ints');
  return { strides, dilations, begin: pads?.slice(0, kernel.length) ?? ones.map(() => 0), end: pads?.slice(kernel.length) ?? ones.map(() => 0) };
}

/**
 * ConvTranspose: the pads actually applied. With `output_shape` or SAME_* padding they are derived
 * from the requested size as the ONNX specification says (ONNX Runtime's CPU and WebGPU providers
 * agree; the tests check both): an odd total puts the extra cell at the end for SAME_UPPER and at
 * the start otherwise; a negative total (a larger `output_shape`) becomes zeros at the end.
 * Also returns `adjust`: output cells past the uncropped result (output_padding and any excess
 * of `output_shape`), which receive no contribution from the input.
 */
export function transposedWindow(
  node: Node,
  input: readonly number[],
  kernel: readonly number[],
  output: readonly number[],
): Window & { readonly adjust: readonly number[] } {
  const ones = kernel.map(() => 1);
  const strides = attributeValue(node.attributes, 'strides', 'ints') ?? ones;
  const dilations = attributeValue(node.attributes, 'dilations', 'ints') ?? ones;
  const outputPadding = attributeValue(node.attributes, 'output_padding', 'ints') ?? kernel.map(() => 0);
  const mode = autoPad(node);
  const explicit = attributeValue(node.attributes, 'output_shape', 'ints') === undefined && mode !== 'SAME_UPPER' && mode !== 'SAME_LOWER';
  const pads = mode === 'VALID' ? undefined : attributeValue(node.attributes, 'pads', 'ints');
  const begin: number[] = [];
  const end: number[] = [];
  const adjust: number[] = [];
  input.forEach((size, i) => {
    // Length of the uncropped result before any padding is removed.
    const full = strides[i]! * (size - 1) + (kernel[i]! - 1) * dilations[i]! + 1;
    const [b, e] = explicit
      ? [pads?.[i] ?? 0, pads?.[i + kernel.length] ?? 0]
      : split(Math.max(0, full + outputPadding[i]! - output[i]!), mode === 'SAME_UPPER');
    begin.push(b);
    end.push(e);
    adjust.push(output[i]! - (full - b - e));
  });
  if (adjust.some((a) => a < 0)) {
    throw new UnsupportedOperatorError([node.op], `Cannot differentiate ${node.name}: its output is shorter than its pads imply`);
  }
  return { strides, dilations, begin, end, adjust };
}
