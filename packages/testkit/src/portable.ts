/**
 * @losskit/testkit/portable: the checks that run anywhere, including a browser page or worker —
 * finite differences of a float64 reference, the gradient comparison and seeded random inputs —
 * without the test runner, Node or Chromium parts of the main entry. The web demo checks a
 * user's own loss with these before training it. Failures throw an `AssertionError` (bundlers
 * for the browser must provide `node:assert`'s, or alias it).
 * @module
 */
export type { FiniteDifferenceOptions, FiniteDifferences } from './finite-differences';
export { finiteDifferences, referenceGradient } from './finite-differences';
export { expectClose, maxRelativeError } from './compare';
export { GRADIENT_FLOOR, GRADIENT_TOLERANCE, checkGradient } from './checks/random';
export type { RandomSource, ValueGenerator, ValueRange } from './random';
export { generateValues, seededRandom } from './random';
