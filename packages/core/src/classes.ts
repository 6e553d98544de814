import { type GraphBuilder, InvalidInputError, type Value } from '@losskit/graph';
import { type LossInputSpec, dimsWithoutAxis } from './inputs';
import type { MeanReduction } from './plugin';
import type { Float64Tensor } from './tensor';

/**
 * Helpers for losses over class indices (cross-entropy, NLL, multi-margin): the declaration of a
 * class-index target, and one-hot rows in the graph and in float64.
 */

/** The class axis `classAxis` names in `dims` (negative counts from the end), or an `InvalidInputError`. */
export function resolveClassAxis(dims: readonly number[], classAxis: number, argument = 'prediction.dims'): number {
  const axis = classAxis < 0 ? classAxis + dims.length : classAxis;
  if (axis < 0 || axis >= dims.length) {
    throw new InvalidInputError(argument, `dims with a class axis ${classAxis} (classes along it)`, `[${dims.join(', ')}]`);
  }
  return axis;
}

/**
 * A `target` of class indices for predictions with classes along `classAxis`: integers with
 * the prediction's dims less the class axis, each in `[0, C)` or `ignoreIndex` when given.
 */
export function classIndicesInput(classAxis: number, ignoreIndex?: number): LossInputSpec {
  const ignored = ignoreIndex === undefined ? '' : ` or the ignore index ${ignoreIndex}`;
  return {
    type: 'integer',
    classAxis,
    dims: (dims) => dimsWithoutAxis(resolveClassAxis(dims, classAxis))(dims),
    range: (dims) => {
      const classes = dims[resolveClassAxis(dims, classAxis)]!;
      return {
        min: 0,
        max: classes - 1,
        ...(ignoreIndex === undefined ? {} : { except: ignoreIndex }),
        description: `a class index in [0, ${classes - 1}]${ignored}`,
      };
    },
    description: `class indices, the prediction's dims without the class axis ${classAxis}`,
  };
}

/**
 * One-hot rows of `target` (int32 or int64 class indices) with `prediction`'s shape, as float32:
 * 1 where the class along `classAxis` equals the target, 0 elsewhere, so an index outside
 * `[0, C)` (an ignore index such as -100) gives a row of zeros. Built with Equal against a
 * class range rather than OneHot or GatherElements: standard ops every provider has, and
 * exact for any class count below 2^24.
 */
export function oneHot(g: GraphBuilder, target: Value, prediction: Value, classAxis: number): Value {
  const axis = resolveClassAxis(prediction.shape, classAxis);
  const classes = prediction.shape[axis]!;
  const rangeShape = prediction.shape.map((_, k) => (k === axis ? classes : 1));
  const range = g.constant(Float32Array.from({ length: classes }, (_, c) => c), 'float32', rangeShape);
  return g.cast(g.equal(g.unsqueeze(g.cast(target, 'float32'), [axis]), range), 'float32');
}

/** The layout of classes along an axis: `outer` blocks of `classes` rows of `inner` elements. */
export interface ClassLayout {
  readonly outer: number;
  readonly classes: number;
  readonly inner: number;
}

/** The {@link ClassLayout} of `dims` for a class axis (checked). */
export function classLayout(dims: readonly number[], classAxis: number): ClassLayout {
  const axis = resolveClassAxis(dims, classAxis);
  const product = (list: readonly number[]) => list.reduce((n, d) => n * d, 1);
  return { outer: product(dims.slice(0, axis)), classes: dims[axis]!, inner: product(dims.slice(axis + 1)) };
}

/**
 * Calls `visit(position, get)` for every position of a float64 tensor with classes along
 * `classAxis` (the reference side of class losses): `position` indexes the tensor without the
 * class axis, `get(c)` reads class `c` there.
 */
export function forEachClassRow(tensor: Float64Tensor, classAxis: number, visit: (position: number, get: (c: number) => number) => void): void {
  const { outer, classes, inner } = classLayout(tensor.dims, classAxis);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * classes * inner + i;
      visit(o * inner + i, (c) => tensor.data[base + c * inner]!);
    }
  }
}

/** How a class loss reads its target (cross-entropy's and NLL's options). */
export interface ClassTargetSettings {
  readonly classAxis: number;
  /** Integer labels, or a float distribution over the classes per position. */
  readonly targets: 'indices' | 'probabilities';
  /** Class indices only: the label that counts for nothing. */
  readonly ignoreIndex: number;
  /** One weight per class, or none. */
  readonly classWeights: readonly number[] | undefined;
  /** `s` in [0, 1]: each target becomes `(1 - s)` of itself plus `s / C` of every class. */
  readonly labelSmoothing: number;
}

/** The declared `target` of a class loss: class indices, or probabilities with the prediction's dims. */
export function classTargetInput(settings: ClassTargetSettings): LossInputSpec {
  if (settings.targets === 'indices') return classIndicesInput(settings.classAxis, settings.ignoreIndex);
  return { type: 'float', description: `a probability distribution over the classes (axis ${settings.classAxis}) at each position` };
}

/** Checks that there is one class weight per class (`classes` along `classAxis`), if there are weights. */
export function checkClassWeights(classWeights: readonly number[] | undefined, classes: number, classAxis: number): void {
  const count = classWeights?.length;
  if (count !== undefined && count !== classes) {
    throw new InvalidInputError('prediction.dims', `${count} classes along axis ${classAxis} (one per class weight)`, `${classes}`);
  }
}

/**
 * The coefficients `b` of a class loss `l = -Σ_c b_c log p_c` at each position, with the
 * prediction's shape (PyTorch's cross-entropy, label smoothing and class weights included):
 * - indices `y`: `b_c = (1 - s) w_y [c = y] + (s / C) w_c`, zero where `y` is ignored;
 * - probabilities `q`: `b_c = w_c ((1 - s) q_c + s / C)`.
 * `b` does not depend on the prediction, so the loss's gradient w.r.t. log-probabilities is `-b`.
 */
export function classCoefficients(g: GraphBuilder, prediction: Value, target: Value, settings: ClassTargetSettings): Value {
  const axis = resolveClassAxis(prediction.shape, settings.classAxis);
  const classes = prediction.shape[axis]!;
  checkClassWeights(settings.classWeights, classes, settings.classAxis);
  const s = settings.labelSmoothing;
  const weights = classWeightsConstant(g, prediction, axis, settings);
  if (settings.targets === 'probabilities') {
    const smoothed = s === 0 ? target : g.add(g.mul(target, 1 - s), s / classes);
    return weights ? g.mul(smoothed, weights) : smoothed;
  }
  const { hot, mask } = labelRows(g, prediction, target, axis, settings.ignoreIndex);
  let b = weights ? g.mul(hot, weights) : hot;
  if (s === 0) return b;
  b = g.mul(b, 1 - s);
  // s / C of every class, at the positions not ignored: the row sum of the one-hot is that mask.
  const kept = mask ?? g.reduceSum(hot, { axes: [axis], keepdims: true });
  const uniform = weights ? g.mul(g.mul(kept, weights), s / classes) : g.mul(kept, s / classes);
  return g.add(b, uniform);
}

/** `classWeights` as a constant broadcasting along the class axis, or `undefined` without them. */
function classWeightsConstant(g: GraphBuilder, prediction: Value, axis: number, settings: ClassTargetSettings): Value | undefined {
  if (!settings.classWeights) return undefined;
  const classes = prediction.shape[axis]!;
  return g.constant(Float32Array.from(settings.classWeights), 'float32', prediction.shape.map((_, k) => (k === axis ? classes : 1)));
}

/**
 * The one-hot rows of class-index targets, zero at ignored positions, and the keep mask (1 where a
 * label counts) when one is needed: an ignore index outside [0, C) already gives a zero row.
 */
function labelRows(g: GraphBuilder, prediction: Value, target: Value, axis: number, ignoreIndex: number): { hot: Value; mask?: Value } {
  const classes = prediction.shape[axis]!;
  const hot = oneHot(g, target, prediction, axis);
  if (ignoreIndex < 0 || ignoreIndex >= classes) return { hot };
  const mask = g.unsqueeze(g.cast(g.not(g.equal(target, g.constant(ignoreIndex, target.dtype))), 'float32'), [axis]);
  return { hot: g.mul(hot, mask), mask };
}

/** The labels of a class-index target, per position: what {@link classLabels} returns. */
export interface ClassLabels {
  /**
   * float32 with the target's dims: 1 where the label is a class in `[0, C)` other than the
   * ignore index, 0 elsewhere — the row sums of the masked {@link oneHot}, without building it.
   */
  readonly counted: Value;
  /**
   * The label where counted, else class 0, with the class axis inserted (size 1): the `indices`
   * of `gatherElements` and `scatterElements` along the class axis, always in range.
   */
  readonly index: Value;
  /** `classWeights[y]` where counted, else 0 (float32, the target's dims); `counted` without class weights. */
  readonly weight: Value;
}

/**
 * The labels of an int32 or int64 class-index `target` as position-sized values (see
 * {@link ClassLabels}), for class losses that read one logit per position (GatherElements)
 * instead of multiplying a `[..., C, ...]` one-hot: the same labels count as in
 * {@link classCoefficients}.
 */
export function classLabels(g: GraphBuilder, target: Value, prediction: Value, settings: Pick<ClassTargetSettings, 'classAxis' | 'ignoreIndex' | 'classWeights'>): ClassLabels {
  const axis = resolveClassAxis(prediction.shape, settings.classAxis);
  const classes = prediction.shape[axis]!;
  checkClassWeights(settings.classWeights, classes, settings.classAxis);
  // Compared as float32, as oneHot does: exact for every class index below 2^24.
  const label = g.cast(target, 'float32');
  let kept = g.and(g.greaterOrEqual(label, 0), g.less(label, classes));
  if (settings.ignoreIndex >= 0 && settings.ignoreIndex < classes) kept = g.and(kept, g.not(g.equal(label, settings.ignoreIndex)));
  const counted = g.cast(kept, 'float32');
  const index = g.unsqueeze(g.where(kept, target, 0), [axis]);
  const weight = settings.classWeights
    ? g.mul(g.gather(g.constant(Float32Array.from(settings.classWeights), 'float32', [classes]), g.where(kept, target, 0)), counted)
    : counted;
  return { counted, index, weight };
}

/** The float64 reference of {@link classCoefficients}, in the prediction's layout. */
export function referenceClassCoefficients(predictionDims: readonly number[], target: Float64Tensor, settings: ClassTargetSettings): Float64Array {
  const { outer, classes, inner } = classLayout(predictionDims, settings.classAxis);
  checkClassWeights(settings.classWeights, classes, settings.classAxis);
  const w = (c: number) => settings.classWeights?.[c] ?? 1;
  const s = settings.labelSmoothing;
  const b = new Float64Array(outer * classes * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const position = o * inner + i;
      for (let c = 0; c < classes; c++) {
        const at = o * classes * inner + c * inner + i;
        if (settings.targets === 'probabilities') {
          b[at] = w(c) * ((1 - s) * target.data[at]! + s / classes);
          continue;
        }
        const y = target.data[position]!;
        if (y === settings.ignoreIndex) continue;
        b[at] = (1 - s) * (c === y ? w(c) : 0) + (s / classes) * w(c);
      }
    }
  }
  return b;
}

/**
 * PyTorch's `'mean'` of a class loss over class indices: `Σ w·l / Σ classWeights[y]` over the
 * labels not ignored (the count of those labels without class weights). With probability
 * targets the mean is the plain one, so this returns `undefined`.
 */
export function classMean(settings: ClassTargetSettings): MeanReduction | undefined {
  if (settings.targets === 'probabilities') return undefined;
  return {
    description: 'Σ w·l / Σ classWeights[target] over the labels that are not ignored (PyTorch)',
    graph: (g, weighted, inputs) => {
      // Σ classWeights[y] over the counted labels, from position-sized values: no one-hot.
      const denominator = g.reduceSum(classLabels(g, inputs.target!, inputs.prediction!, settings).weight, { keepdims: false });
      const total = g.reduceSum(weighted, { keepdims: false });
      // No label counted: 0 rather than PyTorch's NaN (losskit's reductions never divide by 0).
      const none = g.equal(denominator, 0);
      return g.where(none, 0, g.div(total, g.where(none, 1, denominator)));
    },
    reference: (weighted, inputs) => {
      let denominator = 0;
      for (const y of inputs.target!.data) if (y !== settings.ignoreIndex) denominator += settings.classWeights?.[y] ?? 1;
      const total = weighted.data.reduce((a, b) => a + b, 0);
      return denominator === 0 ? 0 : total / denominator;
    },
  };
}
