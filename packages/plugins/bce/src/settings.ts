import type { ResolvedPosWeight } from './pos-weight';

/** The resolved options the graph, gradient, reference and checks of bce share. */
export interface BceSettings {
  readonly fromLogits: boolean;
  readonly posWeight: ResolvedPosWeight;
  readonly labelSmoothing: number;
  readonly epsilon: number | undefined;
}

/**
 * PyTorch's `BCELoss` clamps each log at -100 so that p = 0 or 1 gives a finite loss
 * (100 per element at worst) rather than infinity.
 */
export const LOG_CLAMP = -100;

/** PyTorch's `BCELoss` backward divides by `max(p (1 - p), 1e-12)`. */
export const GRADIENT_EPSILON = 1e-12;
