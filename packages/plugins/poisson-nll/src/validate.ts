import { type GraphBuilder, InvalidInputError, type LossInputs, type Value } from '@losskit/core';
import type { PoissonNllSettings } from './options';

function checkNonNegative(argument: 'prediction' | 'target', data: Float32Array, expected: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!(data[i]! >= 0)) throw new InvalidInputError(`${argument}.data[${i}]`, expected, data[i]);
  }
}

const TARGET = 'a count or rate >= 0 (the Poisson target)';
const RATE = 'a rate >= 0 (pass logInput: true for log-rates)';

/** Targets are Poisson counts (or rates), never negative; so are predictions given as rates. */
export function validatePoissonNll({ prediction, target }: LossInputs, settings: PoissonNllSettings): void {
  checkNonNegative('target', target.data, TARGET);
  if (!settings.logInput) checkNonNegative('prediction', prediction.data, RATE);
}

/** 0 when no value of `x` is negative, +Infinity otherwise (NaN is the core finite check's). */
function nonNegativeCheck(g: GraphBuilder, x: Value): Value {
  return g.where(g.greaterOrEqual(g.reduceMin(x, { keepdims: false }), 0), g.constant(0), Number.POSITIVE_INFINITY);
}

/**
 * The graph form of {@link validatePoissonNll} for sessions: a reduction per checked input
 * instead of a JavaScript scan. When it is not finite, the session runs `validatePoissonNll` for
 * the precise error.
 */
export function poissonNllInputCheck(g: GraphBuilder, prediction: Value, target: Value, settings: PoissonNllSettings): Value {
  const targetCheck = nonNegativeCheck(g, target);
  return settings.logInput ? targetCheck : g.add(targetCheck, nonNegativeCheck(g, prediction));
}
