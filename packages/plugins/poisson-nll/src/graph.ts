import type { GraphBuilder, Value } from '@losskit/core';
import type { PoissonNllSettings } from './options';

/**
 * Stirling's approximation of `log(t!)`, `t log t - t + log(2π t) / 2`, where `t > 1` and 0
 * elsewhere (PyTorch's `full` term). The logs read `max(t, 1)`, so the branch Where discards
 * never takes the log of 0, which WGSL leaves undefined.
 */
function stirlingTerm(g: GraphBuilder, target: Value): Value {
  const t = g.max(target, 1);
  const term = g.add(g.sub(g.mul(t, g.log(t)), t), g.mul(g.log(g.mul(t, 2 * Math.PI)), 0.5));
  return g.where(g.greater(target, 1), term, 0);
}

/**
 * Poisson negative log-likelihood per element: `exp(x) - t x` for log-rates `x`, `λ - t log(λ + ε)`
 * for rates `λ`, plus Stirling's term with `full`. Autodiff differentiates it (`exp(x) - t` and
 * `1 - t / (λ + ε)`); the Stirling term reads only the target.
 */
export function poissonNllElementwise(g: GraphBuilder, prediction: Value, target: Value, settings: PoissonNllSettings): Value {
  const loss = settings.logInput
    ? g.sub(g.exp(prediction), g.mul(target, prediction))
    : g.sub(prediction, g.mul(target, g.log(g.add(prediction, settings.epsilon))));
  return settings.full ? g.add(loss, stirlingTerm(g, target)) : loss;
}
