import { type LossPlugin, referenceLoss } from '@losskit/core';
import type { ValidCase } from '../cases';
import { expectClose, fail } from '../compare';
import { referenceGradient } from '../finite-differences';
import type { Executor } from '../targets/executor';
import { providerOf } from '../targets/ids';
import { declaredInputs, toFloat32 } from './inputs';

/** Default tolerance of valid cases, relative to `max(1, |expected|)`. */
export const VALID_TOLERANCE = 1e-5;

function expectedValues(c: ValidCase<unknown>): readonly number[] {
  return typeof c.expected === 'number' ? [c.expected] : c.expected;
}

/** Runs a valid case on one target and compares the loss (and gradient) with the expected values. */
export async function checkValidCase(
  executor: Executor,
  factory: (options?: any) => LossPlugin<unknown>,
  c: ValidCase<unknown>,
): Promise<void> {
  const plugin = factory(c.options);
  const tolerance = c.tolerance ?? VALID_TOLERANCE;
  const result = await executor.evaluate(plugin, {
    reduction: c.reduction ?? 'mean',
    gradient: c.gradient !== undefined || c.gradients !== undefined,
    prediction: toFloat32(c.prediction),
    inputs: declaredInputs(plugin, c),
    weights: c.weights ? toFloat32(c.weights) : undefined,
    runs: 1,
  });
  const provider = providerOf(executor.target);
  if (result.provider !== provider) fail(`${executor.target}: the loss ran on "${result.provider}", not on "${provider}"`);
  const run = result.runs[0]!;
  expectClose(`${executor.target} loss vs expected`, run.loss, expectedValues(c), tolerance);
  if (c.gradient) expectClose(`${executor.target} gradient vs expected`, run.gradient ?? [], c.gradient, tolerance);
  for (const [name, expected] of Object.entries(c.gradients ?? {})) {
    expectClose(`${executor.target} gradient of ${name} vs expected`, run.gradients?.[name] ?? [], expected, tolerance);
  }
}

/**
 * Checks the plugin's float64 `reference` against a valid case's expected values (and its
 * expected gradients against finite differences of the reference, except those the case marks
 * as a convention), so that a wrong expected value fails even where the graph agrees with it.
 */
export function checkValidReference(factory: (options?: any) => LossPlugin<unknown>, c: ValidCase<unknown>): void {
  const plugin = factory(c.options);
  const tolerance = c.tolerance ?? VALID_TOLERANCE;
  const inputs = { prediction: c.prediction, ...declaredInputs(plugin, c), weights: c.weights };
  const reduction = c.reduction ?? 'mean';
  const reference = referenceLoss(plugin, inputs, reduction);
  expectClose('float64 reference vs expected', reference.data, expectedValues(c), tolerance);
  const expectedGradients = { ...c.gradients, ...(c.gradient ? { prediction: c.gradient } : {}) };
  for (const [name, expected] of Object.entries(expectedGradients)) {
    // A convention (a gradient passed through a clamp) is no derivative finite differences can see.
    if (c.gradientConventions?.[name] !== undefined) continue;
    const fd = referenceGradient(plugin, inputs, reduction, { wrt: name, ...(c.finiteDifferenceStep === undefined ? {} : { step: c.finiteDifferenceStep }) });
    if (expected.length !== fd.indices.length) fail(`expected gradient of ${name}: ${fd.indices.length} values (one per element), received ${expected.length}`);
    // At a kink (|x| at 0) no finite difference stands for the derivative a graph picks.
    const smooth = fd.indices.filter((_, k) => fd.smooth[k]);
    expectClose(
      `finite differences of the float64 reference vs expected gradient of ${name} (at smooth points)`,
      smooth.map((i) => fd.derivatives[i]!),
      smooth.map((i) => expected[i]!),
      Math.max(tolerance, 1e-6),
    );
  }
}
