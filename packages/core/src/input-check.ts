import type { GraphBuilder, Value } from '@losskit/graph';
import type { LossPlugin, LossValues } from './plugin';
import { type LossFeeds, validateLossInputs } from './validate';

/**
 * The name of the scalar output a loss model built with `inputCheck: true` adds: finite only
 * when every input value is finite and the plugin's value checks pass.
 */
export const INPUT_CHECK_OUTPUT = 'losskit/input-check';

/**
 * Whether {@link inputCheckGraph} can stand in for the plugin's value checks: it has none, or
 * gives them in graph form (`inputCheck`).
 */
export function hasGraphInputCheck(plugin: LossPlugin<unknown>): boolean {
  return !plugin.validate || plugin.inputCheck !== undefined;
}

/**
 * Emits the input check: the `ReduceSum` of every float input (`floats`: the prediction, float
 * targets and extras, weights)
 * plus the plugin's `inputCheck`. A sum is finite only if every term is (an infinity or NaN
 * anywhere makes it +-Infinity or NaN), so a finite result proves every value finite in two or
 * three reads that run at memory bandwidth inside ONNX Runtime, where scanning every element
 * with `Number.isFinite` in JavaScript cost as much as the loss itself. A non-finite result may
 * also be a sum of large finite values that overflowed: {@link confirmLossInputs} then scans to
 * tell the two apart.
 */
export function inputCheckGraph(g: GraphBuilder, plugin: LossPlugin<unknown>, floats: readonly Value[], inputs: LossValues): Value {
  const terms = floats.map((x) => g.reduceSum(x, { keepdims: false }));
  if (plugin.inputCheck) terms.push(plugin.inputCheck(g, inputs.prediction!, inputs.target!, inputs));
  return terms.reduce((sum, term) => g.add(sum, term));
}

/**
 * After a run: when the input check is not finite, runs {@link validateLossInputs} to throw its
 * precise error (`prediction.data[17]`, `a target in [0, 1]`); before the run, callers check
 * what reads no values with `validateLossLayout`. If it finds nothing, the check
 * overflowed on finite inputs and the results stand.
 */
export function confirmLossInputs(plugin: LossPlugin<unknown>, feeds: LossFeeds, check: number): void {
  if (!Number.isFinite(check)) validateLossInputs(plugin, feeds);
}
