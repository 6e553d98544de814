import { type Attributes, attributeValue } from '../attributes';
import type { DType, TypedArray } from '../dtype';
import { ShapeError } from '../errors';

/** A value's type as shape inference sees it: always a static shape. */
export interface TensorType {
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** What an operator's shape-inference function may look at. */
export interface InferenceContext {
  readonly op: string;
  /** Input types; `undefined` for optional inputs that were left out. */
  readonly inputs: readonly (TensorType | undefined)[];
  readonly attributes: Attributes;
  /** The data of input `index` when it is a constant (initializer or `Constant` output). */
  constant(index: number): TypedArray | undefined;
}

/** Infers the output types of one node. Throws {@link ShapeError} for shapes the op rejects. */
export type ShapeInference = (ctx: InferenceContext) => TensorType[];

export function input(ctx: InferenceContext, index: number): TensorType {
  const type = ctx.inputs[index];
  if (!type) throw new ShapeError(ctx.op, `input ${index} is required`);
  return type;
}

export function intAttr(ctx: InferenceContext, name: string, fallback: number): number {
  return attributeValue(ctx.attributes, name, 'int') ?? fallback;
}

export function floatAttr(ctx: InferenceContext, name: string, fallback: number): number {
  return attributeValue(ctx.attributes, name, 'float') ?? fallback;
}

export function intsAttr(ctx: InferenceContext, name: string): readonly number[] | undefined {
  return attributeValue(ctx.attributes, name, 'ints');
}

export function stringAttr(ctx: InferenceContext, name: string, fallback: string): string {
  return attributeValue(ctx.attributes, name, 'string') ?? fallback;
}

/** The integer values of a constant input (axes, shapes, starts), or an error naming the op. */
export function constantInts(ctx: InferenceContext, index: number, what: string): number[] {
  const data = ctx.constant(index);
  if (!data) throw new ShapeError(ctx.op, `${what} (input ${index}) must be a constant for static shape inference`);
  return Array.from(data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Normalises a possibly negative axis against `rank`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw new ShapeError(op, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

