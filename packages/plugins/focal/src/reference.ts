import type { Float64Tensor } from '@losskit/core';
import type { FocalSettings } from './graph';

/** `log(1 + exp(z))` in float64 without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * torchvision's `sigmoid_focal_loss` in float64, from its formula: `ce = BCE-with-logits(x, y)`,
 * `p_t = p y + (1 - p)(1 - y)`, `l = alpha_t ce (1 - p_t)^gamma`, with `1 - p` as
 * `sigmoid(-x)` so that confident answers keep their precision.
 */
export function focalReference(logits: Float64Tensor, target: Float64Tensor, { alpha, gamma }: FocalSettings): Float64Tensor {
  const data = logits.data.map((x, i) => {
    const y = target.data[i]!;
    const p = 1 / (1 + Math.exp(-x));
    const q = 1 / (1 + Math.exp(x));
    const ce = y * softplus(-x) + (1 - y) * softplus(x);
    const oneMinusPt = p * (1 - y) + q * y;
    const loss = ce * oneMinusPt ** gamma;
    return alpha === undefined ? loss : (alpha * y + (1 - alpha) * (1 - y)) * loss;
  });
  return { data, dims: logits.dims };
}
