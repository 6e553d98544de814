import { type GraphBuilder, type Node, UnsupportedOperatorError, type Value, attributeValue, resizeGeometry } from '@losskit/graph';
import { defineGradientRule } from '../inputs';
import type { GradientContext, GradientRule } from '../types';

const COORDINATE_MODES = ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric'];

/** The input coordinate output cell `o` samples along one axis (ONNX's coordinate_transformation_mode). */
function sourceCoordinate(mode: string, o: number, scale: number, inSize: number, outSize: number): number {
  switch (mode) {
    case 'align_corners':
      return outSize === 1 ? 0 : (o * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return o / scale;
    case 'pytorch_half_pixel':
      return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
    default: // half_pixel
      return (o + 0.5) / scale - 0.5;
  }
}

/** ONNX's nearest_mode rounding of a source coordinate. */
function roundNearest(mode: string, x: number): number {
  switch (mode) {
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round_prefer_ceil':
      return Math.round(x);
    default: // round_prefer_floor: halves go down
      return x - Math.floor(x) === 0.5 ? Math.floor(x) : Math.round(x);
  }
}

/**
 * The interpolation matrix of one axis, `[outSize, inSize]` row-major: output cell `o` is
 * `Σ_i M[o, i] * input[i]`. Linear clamps the source coordinate to the input, which equals the
 * specification's edge padding; nearest clamps the rounded index.
 */
export function resizeMatrix(node: Node, inSize: number, outSize: number, scale: number): Float64Array {
  const mode = attributeValue(node.attributes, 'mode', 'string') ?? 'nearest';
  const coordinates = attributeValue(node.attributes, 'coordinate_transformation_mode', 'string') ?? 'half_pixel';
  const nearestMode = attributeValue(node.attributes, 'nearest_mode', 'string') ?? 'round_prefer_floor';
  const m = new Float64Array(outSize * inSize);
  const clamp = (i: number) => Math.min(Math.max(i, 0), inSize - 1);
  for (let o = 0; o < outSize; o++) {
    const x = sourceCoordinate(coordinates, o, scale, inSize, outSize);
    if (mode === 'nearest') {
      m[o * inSize + clamp(roundNearest(nearestMode, x))] = 1;
      continue;
    }
    const clamped = Math.min(Math.max(x, 0), inSize - 1);
    const low = Math.floor(clamped);
    const t = clamped - low;
    m[o * inSize + low]! += 1 - t;
    m[o * inSize + clamp(low + 1)]! += t;
  }
  return m;
}

function isIdentity(m: Float64Array, size: number): boolean {
  return m.every((v, k) => v === (Math.floor(k / size) === k % size ? 1 : 0));
}

/** `m` transposed: `[cols, rows]` from `[rows, cols]`. */
function transposed(m: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c]!;
  return t;
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Multiplies `dy` along `axis` by the transpose of the axis's interpolation matrix `m`
 * (`[outSize, inSize]`): reshape so the axis is a matrix dimension, one MatMul, reshape back.
 */
function applyTransposed(g: GraphBuilder, dy: Value, axis: number, m: Float64Array, inSize: number): Value {
  const outSize = dy.shape[axis]!;
  const before = product(dy.shape.slice(0, axis));
  const after = product(dy.shape.slice(axis + 1));
  const shape = [...dy.shape];
  shape[axis] = inSize;
  let dx: Value;
  if (after === 1) {
    // The last (or only trailing) axis: [before, out] x M[out, in].
    dx = g.matMul(g.reshape(dy, [before, outSize]), g.constant(Float32Array.from(m), dy.dtype, [outSize, inSize]));
  } else {
    // Any other axis: M^T[in, out] x [before, out, after], broadcast over `before`.
    const mt = g.constant(Float32Array.from(transposed(m, outSize, inSize)), dy.dtype, [inSize, outSize]);
    dx = g.matMul(mt, g.reshape(dy, before === 1 ? [outSize, after] : [before, outSize, after]));
  }
  return g.reshape(dx, shape);
}

/**
 * Resize with `nearest` or `linear` interpolation is linear in X and separable by axis:
 * Y = X ×_1 M_1 ×_2 M_2 ..., so dX = dY ×_k M_kᵀ for every axis whose matrix is not the
 * identity. The matrices are computed at build time from the node's static geometry. roi,
 * scales and sizes get no gradient.
 */
const resize: GradientRule = (ctx: GradientContext) => {
  const { g, node } = ctx;
  const x = ctx.inputs[0]!;
  const dy = ctx.dOutputs[0]!;
  const mode = attributeValue(node.attributes, 'mode', 'string') ?? 'nearest';
  const coordinates = attributeValue(node.attributes, 'coordinate_transformation_mode', 'string') ?? 'half_pixel';
  const refuse = (why: string) => new UnsupportedOperatorError([node.op], `Cannot differentiate ${node.name}: ${why}`);
  if (mode !== 'nearest' && mode !== 'linear') throw refuse(`mode "${mode}" has no gradient rule (nearest and linear do)`);
  if (!COORDINATE_MODES.includes(coordinates)) throw refuse(`coordinate_transformation_mode "${coordinates}" has no gradient rule (${COORDINATE_MODES.join(', ')} do)`);
  if ((attributeValue(node.attributes, 'antialias', 'int') ?? 0) !== 0 && mode === 'linear') throw refuse('antialias has no gradient rule');
  const constantOf = (index: number) => {
    const v = ctx.inputs[index];
    return v ? g.constantValue(v.name) : undefined;
  };
  const geometry = resizeGeometry(x.shape, node.attributes, constantOf(2), constantOf(3));
  let dx = dy;
  x.shape.forEach((inSize, axis) => {
    const outSize = geometry.outputShape[axis]!;
    const m = resizeMatrix(node, inSize, outSize, geometry.scales[axis]!);
    if (inSize === outSize && isIdentity(m, inSize)) return;
    dx = applyTransposed(g, dx, axis, m, inSize);
  });
  return [dx];
};

/** Resize (nearest and linear). */
/** roi, scales and sizes describe the geometry: no gradient flows into them. */
export const resizeRules: Record<string, GradientRule> = { Resize: defineGradientRule(resize, { nonDifferentiable: [1, 2, 3] }) };
