import type { GraphBuilder, Value } from '@losskit/core';

/** `d = prediction - target` and `√(d² + ε²)`: the loss, and the denominator of its gradient. */
function smoothedError(g: GraphBuilder, prediction: Value, target: Value, epsilon: number): { error: Value; magnitude: Value } {
  const error = g.sub(prediction, target);
  return { error, magnitude: g.sqrt(g.add(g.mul(error, error), epsilon * epsilon)) };
}

/** The Charbonnier loss `√(d² + ε²)` per element. */
export function charbonnierElementwise(g: GraphBuilder, prediction: Value, target: Value, epsilon: number): Value {
  return smoothedError(g, prediction, target, epsilon).magnitude;
}

/**
 * The closed-form gradient `dl · d / √(d² + ε²)`: one Div where autodiff would chain Sqrt's
 * `0.5 / √x` and the square's `2d`. Bounded by `|dl|`, and 0 at `d = 0`.
 */
export function charbonnierGradient(g: GraphBuilder, prediction: Value, target: Value, dLoss: Value, epsilon: number): Value {
  const { error, magnitude } = smoothedError(g, prediction, target, epsilon);
  return g.mul(dLoss, g.div(error, magnitude));
}
