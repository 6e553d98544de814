import {
  type Float64Tensor,
  type HostTensor,
  type IntegerRange,
  type LossPlugin,
  type LossTensor,
  type Reduction,
  type ReferenceInputs,
  buildLossGraph,
  differentiableInputs,
  inputSpecsOf,
  referenceLoss,
  samePredictionDims,
  formatDims,
  numel,
} from '@losskit/core';
import type { RandomSpec } from '../cases';
import { expectClose, fail, sameBits, sameDims } from '../compare';
import { type FiniteDifferences, referenceGradient } from '../finite-differences';
import { type RandomSource, type WeightsKind, generateValues, generateWeights, sampleIndices, seededRandom } from '../random';
import type { EvaluationResult, Executor } from '../targets/executor';
import { type TargetId, providerOf } from '../targets/ids';

/** Default tolerance of loss values on Node's cpu provider, relative to `max(1, |reference|)`. */
export const NODE_CPU_TOLERANCE = 1e-6;
/** Default tolerance of loss values on every other provider. */
export const OTHER_TOLERANCE = 1e-5;
/** Default gradient tolerance, relative to the largest finite difference (see {@link checkGradient}). */
export const GRADIENT_TOLERANCE = 1e-4;
/** Gradients smaller than this everywhere are compared in absolute terms (an all-zero gradient has no scale). */
export const GRADIENT_FLOOR = 1e-6;
/** Default number of prediction elements the finite-difference check differentiates. */
export const GRADIENT_SAMPLES = 128;

/** Inputs of the random checks for one spec and one dims, shared by every target. */
export interface RandomFixture {
  readonly plugin: LossPlugin<unknown>;
  readonly prediction: HostTensor;
  /** The plugin's declared inputs (`target`, extras), integers as Int32Array. */
  readonly inputs: Readonly<Record<string, LossTensor>>;
  /** The inputs whose gradients are checked: `prediction` and the declared differentiable ones. */
  readonly differentiable: readonly string[];
  /** Dims of the graph's elementwise loss. */
  readonly lossDims: readonly number[];
  readonly weights: Readonly<Record<WeightsKind, HostTensor | undefined>>;
  readonly spec: RandomSpec<unknown>;
  readonly seed: number;
}

/** Prepares (once, lazily) the inputs of one random spec at one dims. */
export function randomFixture(
  factory: (options?: any) => LossPlugin<unknown>,
  spec: RandomSpec<unknown>,
  dims: readonly number[],
  dimsIndex: number,
): RandomFixture {
  const plugin = factory(spec.options);
  const seed = ((spec.seed ?? 1) * 1_000_003 + dimsIndex * 7919) >>> 0;
  const random = seededRandom(seed);
  const prediction = { data: generateValues(spec.prediction, random, dims), dims };
  const freeDims = spec.inputDims?.(dims) ?? {};
  const inputs: Record<string, LossTensor> = {};
  for (const [name, input] of Object.entries(inputSpecsOf(plugin))) {
    const generator = name === 'target' ? spec.target : spec.inputs?.[name];
    const inputDims = freeDims[name] ?? ((input.dims ?? samePredictionDims)(dims) as number[]);
    if (input.type === 'float') inputs[name] = { data: generateValues(generator, random, inputDims), dims: inputDims };
    else if (generator !== undefined) inputs[name] = { data: Int32Array.from(generateValues(generator, random, inputDims)), dims: inputDims };
    else inputs[name] = { data: generateIntegers(input.range?.(dims), random, inputDims), dims: inputDims };
  }
  const lossDims = buildLossGraph(plugin, { dims, inputDims: freeDims, reduction: 'none' }).elementwise.shape;
  return {
    plugin,
    prediction,
    inputs,
    differentiable: differentiableInputs(inputSpecsOf(plugin)),
    lossDims,
    weights: { none: undefined, broadcast: generateWeights('broadcast', lossDims, random), full: generateWeights('full', lossDims, random) },
    spec,
    seed,
  };
}

/**
 * Integers for an integer input: uniform over `[min, max]` of the declared range (default
 * `[0, 9]`), and its `except` value (an ignore index) at about one position in eight.
 */
function generateIntegers(range: IntegerRange | undefined, random: RandomSource, dims: readonly number[]): Int32Array {
  const min = range?.min ?? 0;
  const max = range?.max ?? 9;
  const out = new Int32Array(numel(dims));
  for (let i = 0; i < out.length; i++) {
    out[i] = range?.except !== undefined && random() < 0.125 ? range.except : min + Math.min(max - min, Math.floor(random() * (max - min + 1)));
  }
  return out;
}

/** The fixture's inputs as `referenceLoss` takes them. */
function referenceInputs(fixture: RandomFixture, kind: WeightsKind): ReferenceInputs {
  return { prediction: fixture.prediction, ...fixture.inputs, weights: fixture.weights[kind] };
}

/** (d) The plugin's float64 reference gives the elementwise loss the graph's dims. */
export function checkReferenceDims(fixture: RandomFixture): void {
  const float64 = (t: LossTensor): Float64Tensor => ({ data: Float64Array.from(t.data as ArrayLike<number>, Number), dims: t.dims });
  const all: Record<string, Float64Tensor> = { prediction: float64(fixture.prediction) };
  for (const [name, tensor] of Object.entries(fixture.inputs)) all[name] = float64(tensor);
  const reference = fixture.plugin.reference(all.prediction!, all.target!, all);
  if (!sameDims(reference.dims, fixture.lossDims)) {
    fail(`the reference's elementwise loss has dims ${formatDims(reference.dims)}, the graph's ${formatDims(fixture.lossDims)}`);
  }
  if (reference.data.length !== numel(reference.dims)) {
    fail(`the reference returned ${reference.data.length} values for dims ${formatDims(reference.dims)}`);
  }
}

function referenceFor(fixture: RandomFixture, reduction: Reduction, kind: WeightsKind): Float64Tensor {
  try {
    return referenceLoss(fixture.plugin, referenceInputs(fixture, kind), reduction);
  } catch (error) {
    fail(`the float64 reference failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function expectProvider(target: TargetId, result: EvaluationResult): void {
  if (result.provider !== providerOf(target)) fail(`${target}: the loss ran on "${result.provider}", not on "${providerOf(target)}"`);
}

/** The value tolerance for a target. */
export function valueTolerance(target: TargetId, spec: RandomSpec<unknown>): number {
  return spec.tolerance ?? (target === 'node:cpu' ? NODE_CPU_TOLERANCE : OTHER_TOLERANCE);
}

/**
 * (a, c, d) The loss on a target matches the float64 reference for one reduction and weights,
 * has the reference's dims, and two runs of the same session give the same bits.
 */
export async function checkRandomValue(executor: Executor, fixture: RandomFixture, reduction: Reduction, kind: WeightsKind): Promise<void> {
  const expected = referenceFor(fixture, reduction, kind);
  const weights = fixture.weights[kind];
  const result = await executor.evaluate(fixture.plugin, {
    reduction,
    gradient: false,
    prediction: fixture.prediction,
    inputs: fixture.inputs,
    weights,
    runs: 2,
  });
  expectProvider(executor.target, result);
  const [first, second] = result.runs as [typeof result.runs[0], typeof result.runs[0]];
  if (!sameDims(first.lossDims, expected.dims)) {
    fail(`${executor.target}: the loss has dims ${formatDims(first.lossDims)}, the float64 reference ${formatDims(expected.dims)}`);
  }
  expectClose(`${executor.target} loss vs float64 reference`, first.loss, expected.data, valueTolerance(executor.target, fixture.spec));
  if (!sameBits(first.loss, second.loss)) fail(`${executor.target}: two runs on the same inputs gave different bits`);
}

/**
 * Finite differences of the reference with respect to each differentiable input, by name:
 * computed once per fixture, reduction and weights.
 */
export function fixtureGradient(fixture: RandomFixture, reduction: Reduction, kind: WeightsKind): Readonly<Record<string, FiniteDifferences>> {
  const out: Record<string, FiniteDifferences> = {};
  for (const wrt of fixture.differentiable) {
    const length = wrt === 'prediction' ? fixture.prediction.data.length : fixture.inputs[wrt]!.data.length;
    const indices = sampleIndices(length, fixture.spec.gradientSamples ?? GRADIENT_SAMPLES, seededRandom(fixture.seed ^ 0x5bd1e995));
    out[wrt] = referenceGradient(fixture.plugin, referenceInputs(fixture, kind), reduction, { indices, step: fixture.spec.finiteDifferenceStep ?? 1e-6, wrt });
  }
  return out;
}

/**
 * Compares a float32 gradient with central finite differences of the float64 reference:
 * `max |g_i - fd_i| / max(max |fd_i|, 1e-6) <= tolerance` over the sampled elements that are not
 * next to a kink. The error is relative to the gradient's scale rather than per element, as
 * float32 gradients are accurate to a fraction of their largest element, not of each element;
 * the floor keeps an all-zero gradient comparable. More than a quarter of the elements at
 * kinks fails the check: the reference would then not be tested.
 */
export function checkGradient(what: string, gradient: ArrayLike<number>, fd: FiniteDifferences, tolerance: number): void {
  const kinks = fd.smooth.filter((s) => !s).length;
  if (kinks > fd.indices.length / 4) {
    fail(`${what}: ${kinks} of ${fd.indices.length} sampled elements sit at kinks of the reference; finite differences cannot check this gradient (choose other input ranges)`);
  }
  let scale = GRADIENT_FLOOR;
  fd.indices.forEach((_, k) => {
    if (fd.smooth[k]) scale = Math.max(scale, Math.abs(fd.derivatives[k]!));
  });
  let worst = 0;
  let worstIndex = -1;
  fd.indices.forEach((i, k) => {
    if (!fd.smooth[k]) return;
    const error = Math.abs(gradient[i]! - fd.derivatives[k]!);
    if (!(error <= worst)) {
      worst = error;
      worstIndex = k;
    }
  });
  const relative = worst / scale;
  if (!(relative <= tolerance)) {
    const i = fd.indices[worstIndex]!;
    fail(
      `${what}: max |g - fd| / max|fd| = ${relative.toExponential(2)} exceeds ${tolerance.toExponential(0)} ` +
        `(at prediction[${i}]: gradient ${gradient[i]}, finite difference ${fd.derivatives[worstIndex]}; ` +
        `${fd.indices.length - kinks} elements compared, ${kinks} at kinks)`,
    );
  }
}

/** (b, c) The graph's gradient on a target matches finite differences of the reference, deterministically. */
export async function checkRandomGradient(
  executor: Executor,
  fixture: RandomFixture,
  reduction: Reduction,
  kind: WeightsKind,
  fd: Readonly<Record<string, FiniteDifferences>>,
): Promise<void> {
  const expected = referenceFor(fixture, reduction, kind);
  const result = await executor.evaluate(fixture.plugin, {
    reduction,
    gradient: true,
    prediction: fixture.prediction,
    inputs: fixture.inputs,
    weights: fixture.weights[kind],
    runs: 2,
  });
  expectProvider(executor.target, result);
  const [first, second] = result.runs as [typeof result.runs[0], typeof result.runs[0]];
  expectClose(`${executor.target} loss (gradient graph) vs float64 reference`, first.loss, expected.data, valueTolerance(executor.target, fixture.spec));
  if (!sameBits(first.loss, second.loss)) fail(`${executor.target}: two runs on the same inputs gave different bits`);
  for (const wrt of fixture.differentiable) {
    const gradient = first.gradients?.[wrt] ?? new Float32Array();
    const length = wrt === 'prediction' ? fixture.prediction.data.length : fixture.inputs[wrt]!.data.length;
    if (gradient.length !== length) fail(`${executor.target}: the gradient of ${wrt} has ${gradient.length} values, ${wrt} ${length}`);
    if (!sameBits(gradient, second.gradients?.[wrt] ?? new Float32Array())) fail(`${executor.target}: two runs gave different gradients of ${wrt}`);
    const what = wrt === 'prediction' ? 'gradient' : `gradient of ${wrt}`;
    checkGradient(`${executor.target} ${what} vs finite differences of the float64 reference`, gradient, fd[wrt]!, fixture.spec.gradientTolerance ?? GRADIENT_TOLERANCE);
  }
}
