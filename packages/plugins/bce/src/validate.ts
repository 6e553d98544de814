import { type GraphBuilder, InvalidInputError, type LossInputs, type Value } from '@losskit/core';
import { checkPosWeightDims } from './pos-weight';
import type { BceSettings } from './settings';

function checkUnitInterval(argument: 'prediction' | 'target', data: Float32Array, expected: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0 && v <= 1)) throw new InvalidInputError(`${argument}.data[${i}]`, expected, v);
  }
}

/** Targets must lie in [0, 1]; so must predictions unless they are logits. */
export function validateBce({ prediction, target }: LossInputs, settings: BceSettings): void {
  checkUnitInterval('target', target.data, 'a target in [0, 1]');
  if (!settings.fromLogits) {
    checkUnitInterval('prediction', prediction.data, 'a probability in [0, 1] (pass fromLogits: true for logits)');
  }
  checkPosWeightDims(settings.posWeight, target.dims);
}

/** 0 when every value of `x` is in [0, 1] (or is NaN, which the core finite check catches), +Infinity otherwise. */
function unitIntervalCheck(g: GraphBuilder, x: Value): Value {
  const inside = g.and(g.greaterOrEqual(g.reduceMin(x, { keepdims: false }), 0), g.lessOrEqual(g.reduceMax(x, { keepdims: false }), 1));
  return g.where(inside, g.constant(0), Number.POSITIVE_INFINITY);
}

/**
 * The graph form of {@link validateBce} for sessions: two reductions per checked input instead
 * of a JavaScript scan. When it is not finite, the session runs `validateBce` for the precise
 * error. (posWeight's dims are checked when the loss graph is built.)
 */
export function bceInputCheck(g: GraphBuilder, prediction: Value, target: Value, settings: BceSettings): Value {
  const targetCheck = unitIntervalCheck(g, target);
  return settings.fromLogits ? targetCheck : g.add(targetCheck, unitIntervalCheck(g, prediction));
}
