import type { GraphBuilder, Value } from '@losskit/graph';
import { defineGradient } from './overrides';

/**
 * `log(1 + x)` for `x > -1`, accurate for tiny `x` where `Log(1 + x)` rounds to zero in float32.
 * ONNX has no Log1p operator; this uses the classic correction `log(w) * x / (w - 1)` with
 * `w = 1 + x` (exact because `w - 1` is computed without rounding), and defines the closed-form
 * gradient `1 / (1 + x)` so differentiation does not go through the correction.
 */
export function log1p(g: GraphBuilder, x: Value): Value {
  const w = g.add(x, 1);
  const wMinusOne = g.sub(w, 1);
  const isExactlyOne = g.equal(wMinusOne, 0);
  // The Where keeps the division by zero out of the selected branch.
  const safeDenominator = g.where(isExactlyOne, 1, wMinusOne);
  const corrected = g.div(g.mul(g.log(w), x), safeDenominator);
  const result = g.where(isExactlyOne, x, corrected);
  defineGradient(g, result, [x], (b, dy) => [b.div(dy, b.add(x, 1))]);
  return result;
}
