import { type GraphBuilder, InvalidInputError, type Value, numel } from '@losskit/graph';
import { type OptionSpec, option } from './options';
import { type Float64Tensor, broadcastTo } from './tensor';

/**
 * How the weighted elementwise loss `w * l` becomes the reported loss:
 * - `none`: `w * l`, unreduced;
 * - `sum`: `Σ w*l`;
 * - `mean`: `Σ w*l / numel(l)` (PyTorch);
 * - `weighted_mean`: `Σ w*l / Σ w` with `w` broadcast to `l` (TensorFlow.js `MEAN`);
 * - `sum_by_nonzero_weights`: `Σ w*l / count(w != 0)` with `w` broadcast to `l`.
 * A zero denominator gives 0 rather than NaN (TensorFlow's `div_no_nan`).
 */
export type Reduction = 'none' | 'sum' | 'mean' | 'weighted_mean' | 'sum_by_nonzero_weights';

export const REDUCTIONS: readonly Reduction[] = ['none', 'sum', 'mean', 'weighted_mean', 'sum_by_nonzero_weights'];

/** The `reduction` option of sessions, `buildLossModel` and `computeLoss`: any reduction, default `'mean'`. */
export const reductionOption: OptionSpec<Reduction> = option.oneOf({
  description: 'How the weighted elementwise loss is reduced.',
  values: REDUCTIONS,
  default: 'mean',
});

/** Checks a reduction name, throwing `InvalidOptionError` (naming `path`) for anything else. */
export function checkReduction(value: unknown, path = 'reduction'): Reduction {
  return reductionOption.parse(value as Reduction, path);
}

/** `numerator / denominator`, or 0 where the denominator is 0. */
function divideNoNan(g: GraphBuilder, numerator: Value, denominator: Value): Value {
  const isZero = g.equal(denominator, 0);
  return g.where(isZero, 0, g.div(numerator, g.where(isZero, 1, denominator)));
}

/** Reductions refuse an empty loss: its mean is 0/0, and no value is honest (see `checkLossDims`). */
function checkNotEmpty(dims: readonly number[], count: number, reduction: Reduction): void {
  if (count === 0 && reduction !== 'none') {
    throw new InvalidInputError('loss', `at least one element to reduce with "${reduction}"`, `an empty tensor [${dims.join(', ')}]`);
  }
}

/**
 * Emits the weighting and reduction of an elementwise loss `l`. `mean`, when given, is the
 * loss's own `'mean'` of the weighted loss (PyTorch's weighted mean for cross-entropy).
 */
export function applyReduction(g: GraphBuilder, loss: Value, weights: Value | undefined, reduction: Reduction, mean?: (weighted: Value) => Value): Value {
  checkNotEmpty(loss.shape, numel(loss.shape), reduction);
  const weighted = weights ? g.mul(loss, weights) : loss;
  if (reduction === 'none') return weighted;
  if (reduction === 'mean' && mean) return mean(weighted);
  const total = g.reduceSum(weighted, { keepdims: false });
  if (reduction === 'sum') return total;
  const count = numel(loss.shape);
  if (reduction === 'mean' || !weights) return g.div(total, count);
  // Each weight is repeated numel(l) / numel(w) times when broadcast over l.
  const repeats = count / numel(weights.shape);
  const perWeight = reduction === 'weighted_mean' ? weights : g.cast(g.not(g.equal(weights, 0)), weights.dtype);
  const denominator = g.mul(g.reduceSum(perWeight, { keepdims: false }), repeats);
  return divideNoNan(g, total, denominator);
}

/** The float64 reference of {@link applyReduction}. */
export function referenceReduction(
  loss: Float64Tensor,
  weights: Float64Tensor | undefined,
  reduction: Reduction,
  mean?: (weighted: Float64Tensor) => number,
): Float64Tensor {
  checkNotEmpty(loss.dims, loss.data.length, reduction);
  const w = weights ? broadcastTo(weights, loss.dims) : undefined;
  const weighted = w ? loss.data.map((l, i) => l * w[i]!) : loss.data;
  if (reduction === 'none') return { data: Float64Array.from(weighted), dims: loss.dims };
  if (reduction === 'mean' && mean) return { data: Float64Array.of(mean({ data: Float64Array.from(weighted), dims: loss.dims })), dims: [] };
  let total = 0;
  for (const v of weighted) total += v;
  let denominator = 1;
  if (reduction === 'mean' || (reduction !== 'sum' && !w)) denominator = loss.data.length;
  else if (reduction === 'weighted_mean') denominator = w!.reduce((a, b) => a + b, 0);
  else if (reduction === 'sum_by_nonzero_weights') denominator = w!.reduce((a, b) => a + (b !== 0 ? 1 : 0), 0);
  return { data: Float64Array.of(denominator === 0 ? 0 : total / denominator), dims: [] };
}
