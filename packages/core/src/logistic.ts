import { log1p } from '@losskit/autodiff';
import type { GraphBuilder, Value } from '@losskit/graph';

/**
 * Graph forms of the logistic function for losses over logits (focal, soft margin, multi-label
 * soft margin), all from `e = exp(-|x|)` in (0, 1], so no Exp overflows for any finite `x` and
 * nothing is lost to `1 - sigmoid(x)` rounding to 0. Both functions build `e` from the same
 * nodes, which the model optimizer merges.
 */

function negativeAbsExp(g: GraphBuilder, x: Value): Value {
  return g.exp(g.neg(g.abs(x)));
}

/**
 * `softplus(x) = log(1 + exp(x))` as `max(x, 0) + log1p(exp(-|x|))`: finite for any finite `x`,
 * and accurate where it is tiny (`softplus(-30) = 9.4e-14`), unlike `Log(1 + Exp(x))`. Every
 * node has a gradient rule.
 */
export function softplus(g: GraphBuilder, x: Value): Value {
  return g.add(g.max(x, 0), log1p(g, negativeAbsExp(g, x)));
}

/**
 * `sigmoid(x)` and its complement `sigmoid(-x) = 1 - sigmoid(x)`, each accurate where it is
 * tiny: `sigmoid(|x|) = 1 / (1 + e)` and `sigmoid(-|x|) = e / (1 + e)`. (`1 - sigmoid(30)`
 * is 0 in float32; `sigmoid(-30)` here is 9.4e-14.)
 */
export function sigmoids(g: GraphBuilder, x: Value): { readonly sigmoid: Value; readonly complement: Value } {
  const e = negativeAbsExp(g, x);
  const onePlusE = g.add(e, 1);
  const large = g.reciprocal(onePlusE);
  const small = g.div(e, onePlusE);
  const negative = g.less(x, 0);
  return { sigmoid: g.where(negative, small, large), complement: g.where(negative, large, small) };
}
