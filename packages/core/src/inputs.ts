import { InvalidOptionError, describeValue } from '@losskit/graph';

/**
 * The element type of a loss input: `'float'` values (float32 in the graph, differentiable) or
 * `'integer'` values (int64 in the graph: class indices, lengths). Integer inputs may be given
 * as `Int32Array`, `BigInt64Array` or plain arrays of integers.
 */
export type LossInputType = 'float' | 'integer';

/**
 * The dims an input must have, given the prediction's dims: one entry per axis, a number for a
 * fixed size or `undefined` for any size (CTC's padded target length).
 */
export type DimsRule = (predictionDims: readonly number[]) => readonly (number | undefined)[];

/** The integer values an integer input accepts, given the prediction's dims. */
export interface IntegerRange {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value, inclusive. */
  readonly max: number;
  /** A value accepted outside `[min, max]` (cross-entropy's `ignoreIndex`). */
  readonly except?: number;
  /** The expectation in words, for errors: `a class index in [0, 9] or the ignore index -100`. */
  readonly description: string;
}

/** One input of a loss besides the prediction, as a plugin declares it (contract v2). */
export interface LossInputSpec {
  readonly type: LossInputType;
  /** The dims it must have; default: the prediction's dims. */
  readonly dims?: DimsRule;
  /**
   * Whether sessions report d loss / d this input (`gradients.<name>`). Float inputs only.
   * Default `false`: a target is data, not something to learn.
   */
  readonly differentiable?: boolean;
  /**
   * Class-index inputs: the axis of the prediction whose classes the indices select. Trainers
   * report accuracy for such a target (the prediction's argmax along it equal to the label).
   */
  readonly classAxis?: number;
  /** Integer inputs: the values it accepts, checked before any runtime sees them. */
  readonly range?: (predictionDims: readonly number[]) => IntegerRange;
  /** One line for docs and errors: `class indices in [0, C)`. */
  readonly description: string;
}

/**
 * The inputs a plugin declares besides the prediction, in graph order, named after PyTorch's
 * arguments (`target`, `other`, `positive`, `negative`, `variance`, `inputLengths`,
 * `targetLengths`). A plugin without a target (a regularizer, triplet margin) leaves `target` out.
 */
export type LossInputSpecs = Readonly<Record<string, LossInputSpec>>;

/** The input names a plugin may not use: the prediction and the session's own `weights`. */
const RESERVED_INPUTS = new Set(['prediction', 'weights']);
const INPUT_NAME = /^[a-z][A-Za-z0-9]*$/;

/** The prediction's dims: the default dims rule, and v1 plugins' target. */
export const samePredictionDims: DimsRule = (dims) => dims;

/**
 * The prediction's dims without `axis` (negative counts from the end): class indices for
 * logits `[N, C, ...]` with `axis` 1 have dims `[N, ...]`.
 */
export function dimsWithoutAxis(axis: number): DimsRule {
  return (dims) => {
    const resolved = axis < 0 ? axis + dims.length : axis;
    return dims.filter((_, k) => k !== resolved);
  };
}

/** The declaration of every plugin written against contract v1: one float target, the prediction's dims. */
export const V1_INPUTS: LossInputSpecs = Object.freeze({
  target: Object.freeze({ type: 'float', description: 'the values the prediction should equal, with its dims' } satisfies LossInputSpec),
});

/**
 * Checks a plugin's declared inputs when the factory creates the plugin, so a mistake shows
 * before any graph is built: names that are camelCase and not reserved, known types, differentiable only
 * when float, functions where functions are expected.
 */
export function checkInputSpecs(plugin: string, specs: unknown): LossInputSpecs {
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs)) {
    throw new InvalidOptionError(`${plugin}.inputs`, 'an object of input declarations such as { target: { type: "integer", ... } }', specs);
  }
  for (const [name, spec] of Object.entries(specs as Record<string, Partial<LossInputSpec>>)) {
    const at = `${plugin}.inputs.${name}`;
    if (RESERVED_INPUTS.has(name) || !INPUT_NAME.test(name)) {
      throw new InvalidOptionError(`${plugin}.inputs`, 'camelCase input names other than "prediction" and "weights"', `"${name}"`);
    }
    if (spec?.type !== 'float' && spec?.type !== 'integer') throw new InvalidOptionError(`${at}.type`, '"float" or "integer"', describeValue(spec?.type));
    if (spec.differentiable && spec.type !== 'float') throw new InvalidOptionError(`${at}.differentiable`, 'true only for a float input', spec.differentiable);
    if (spec.dims !== undefined && typeof spec.dims !== 'function') throw new InvalidOptionError(`${at}.dims`, 'a function of the prediction dims', spec.dims);
    if (spec.range !== undefined && (typeof spec.range !== 'function' || spec.type !== 'integer')) {
      throw new InvalidOptionError(`${at}.range`, 'a function of the prediction dims, on an integer input', spec.range);
    }
    if (typeof spec.description !== 'string') throw new InvalidOptionError(`${at}.description`, 'a string', spec.description);
  }
  return Object.freeze({ ...(specs as LossInputSpecs) });
}

/** The names of the inputs that get a gradient: the prediction first, then the declared differentiable ones. */
export function differentiableInputs(specs: LossInputSpecs): string[] {
  return ['prediction', ...Object.keys(specs).filter((name) => specs[name]!.differentiable)];
}
