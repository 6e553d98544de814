// Reading a step's gradients exactly from an SGD step: shared by the PyTorch fixture tests in
// Node and in the Chromium page (no test-runner imports here).

/**
 * SGD with a power-of-two rate moves each parameter by exactly rate x gradient before one
 * rounding, so (before - after) / rate recovers the gradient with an error of ulp(parameter) /
 * rate: far below float noise, where a rate of 1 would lose the low bits of small gradients.
 */
export const RATE = 1024;

/**
 * The gradients of a step of `sgd({ lr: RATE })`, from the parameters before and after it: one
 * per parameter in `after` (`before` may hold every initializer of the model file).
 */
export function gradientsOfStep(
  before: Readonly<Record<string, Float32Array>>,
  after: Readonly<Record<string, Float32Array>>,
): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(after).map(([p, a]) => [p, Float64Array.from(before[p]!, (b, i) => (b - a[i]!) / RATE)]));
}
