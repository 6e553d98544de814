// What a section that times losskit against peers on the same inputs needs besides the timing:
// the check that every contestant computes the same thing first, and the ratios.
import { type Timing, ratio } from './stats';

/** What one contestant computed before the timing, against losskit's result. */
export interface Agreement {
  readonly loss: number;
  /** `|loss - losskit's| / |losskit's|`. */
  readonly lossRelativeDiff: number;
  /** `max |gradient - losskit's|`, and that over `max |losskit's gradient|`. */
  readonly gradientMaxAbsDiff: number;
  readonly gradientRelativeDiff: number;
}

/** A loss value and its gradient, as each contestant returns them. */
export interface ValueAndGradient {
  readonly loss: number;
  readonly gradient: Float32Array;
}

/** `peer / losskit` per peer, by medians and by fastest runs: above 1, losskit is faster. */
export type Ratios = Record<string, { readonly median: number; readonly min: number }>;

/** Loss values agree to this relative difference, gradients to this share of the largest gradient value. */
export const TOLERANCE = { loss: 1e-5, gradient: 1e-4 } as const;

function agreement(reference: ValueAndGradient, other: ValueAndGradient): Agreement {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.gradient.length; i++) {
    diff = Math.max(diff, Math.abs(other.gradient[i]! - reference.gradient[i]!));
    scale = Math.max(scale, Math.abs(reference.gradient[i]!));
  }
  if (other.gradient.length !== reference.gradient.length) diff = Number.POSITIVE_INFINITY;
  return {
    loss: other.loss,
    lossRelativeDiff: Math.abs(other.loss - reference.loss) / Math.abs(reference.loss),
    gradientMaxAbsDiff: diff,
    gradientRelativeDiff: diff / scale,
  };
}

/**
 * Each contestant's agreement with losskit's `reference` (losskit's own row included), or an
 * error naming every contestant that computed something else: a port that differs fails here,
 * before any timing.
 */
export function checkAgreement(section: string, reference: ValueAndGradient, results: Record<string, ValueAndGradient>): Record<string, Agreement> {
  const agreements = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, agreement(reference, r)]));
  const failures = Object.entries(agreements).filter(([, a]) => !(a.lossRelativeDiff <= TOLERANCE.loss && a.gradientRelativeDiff <= TOLERANCE.gradient));
  if (failures.length > 0) {
    throw new Error(
      `${section}: the contestants disagree with losskit (loss ${reference.loss}): ` +
        failures
          .map(([name, a]) => `${name} loss ${a.loss} (relative difference ${a.lossRelativeDiff.toExponential(2)}), gradient max |diff| ${a.gradientMaxAbsDiff.toExponential(2)} (${a.gradientRelativeDiff.toExponential(2)} of the largest)`)
          .join('; '),
    );
  }
  return { losskit: agreement(reference, reference), ...agreements };
}

/** `peer / losskit` for every peer in `timings`, by medians and by fastest runs. */
export function ratiosOf(timings: Record<string, Timing>): Ratios {
  return Object.fromEntries(
    Object.keys(timings)
      .filter((name) => name !== 'losskit')
      .map((name) => [name, { median: ratio(timings[name], timings.losskit)!, min: timings[name]!.min / timings.losskit!.min }]),
  );
}
