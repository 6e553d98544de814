import type { HostTensor, Reduction } from '@losskit/core';
import type { ValueGenerator } from './random';

/**
 * A tensor in a test case. In valid cases plain number arrays (and other array-likes) become
 * what the plugin declares for the input: a Float32Array, or integers (class indices, lengths);
 * in invalid cases, typed arrays are passed exactly as given, so a case can check that a
 * Float64Array, or floats where integers belong, are refused.
 */
export type TensorCase = HostTensor<ArrayLike<number> | BigInt64Array>;

/** A case whose loss must equal a known value. */
export interface ValidCase<Options = unknown> {
  /** Test name; say where the expected value comes from (hand computation, PyTorch docs). */
  readonly name: string;
  /** Options passed to the plugin factory. */
  readonly options?: Options;
  readonly prediction: TensorCase;
  /** The target; left out for a loss that declares none. */
  readonly target?: TensorCase;
  /** The plugin's other declared inputs by name (`positive`, `variance`, `inputLengths`). */
  readonly inputs?: Readonly<Record<string, TensorCase>>;
  readonly weights?: TensorCase;
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
  /** The expected loss: a number, or the values of the loss in row-major order. */
  readonly expected: number | readonly number[];
  /** Tolerance relative to `max(1, |expected|)`, per element. Default `1e-5`. */
  readonly tolerance?: number;
  /** The expected d loss / d prediction (for `none`, of the sum of the outputs), if known. */
  readonly gradient?: readonly number[];
  /** The expected gradients of other differentiable inputs by name (`positive`), if known. */
  readonly gradients?: Readonly<Record<string, readonly number[]>>;
  /**
   * Inputs (`prediction` or a name in `gradients`) whose expected gradient follows a framework's
   * convention rather than the derivative of the loss, each with the reason, e.g. `{ variance:
   * 'PyTorch passes the gradient through its clamp' }`. The reference check does not compare
   * those with finite differences of the reference; every provider is still checked against them.
   */
  readonly gradientConventions?: Readonly<Record<string, string>>;
  /**
   * Finite-difference step of the reference check of the expected gradients, relative to
   * `max(1, |x|)`. Default `1e-6`; smaller where the loss bends on a finer scale than that (a
   * norm guarded by an epsilon of 1e-12 at a zero vector).
   */
  readonly finiteDifferenceStep?: number;
}

/** An error class (`InvalidInputError`, `InvalidOptionError`, ...). */
export type ErrorClass = abstract new (...args: any[]) => Error;

/** A case that must be refused with a given error. */
export interface InvalidCase {
  readonly name: string;
  /** Options passed to the plugin factory (anything, to check that bad options are refused). */
  readonly options?: unknown;
  /** Default: random inputs of the first random dims (or [2, 2]) from the `random` generators. */
  readonly prediction?: TensorCase;
  readonly target?: TensorCase;
  /** The plugin's other declared inputs by name; default: drawn like the target. */
  readonly inputs?: Readonly<Record<string, TensorCase>>;
  readonly weights?: TensorCase;
  /** Passed to the session as is, to check that unknown reductions are refused. Default `'mean'`. */
  readonly reduction?: string;
  /** The class the error must be an instance of. */
  readonly error: ErrorClass;
  /** A pattern the error message must match. */
  readonly message?: RegExp;
}

/** Automatic checks on seeded random inputs (see the package README for every check). */
export interface RandomSpec<Options = unknown> {
  /** Shown in test names when there are several random specs, e.g. `'fromLogits'`. */
  readonly name?: string;
  /** Options passed to the plugin factory. */
  readonly options?: Options;
  /** The prediction dims to check, e.g. `[[2, 3, 4, 5], [7]]`. */
  readonly dims: readonly (readonly number[])[];
  /** Default `1`. */
  readonly seed?: number;
  /** Default uniform in `[-1, 1)`. */
  readonly prediction?: ValueGenerator;
  /**
   * Default uniform in `[-1, 1)` for a float target; for integers (class indices), uniform over
   * the values the plugin's declared range accepts, its `except` value (an ignore index) at
   * about one position in eight.
   */
  readonly target?: ValueGenerator;
  /** Generators of the other declared inputs by name, with the same defaults as `target`. */
  readonly inputs?: Readonly<Record<string, ValueGenerator>>;
  /**
   * The dims of declared inputs whose dims rule leaves an axis free (CTC's target `[N, S]`),
   * given the prediction's dims.
   */
  readonly inputDims?: (predictionDims: readonly number[]) => Readonly<Record<string, readonly number[]>>;
  /** Tolerance of loss values, relative to `max(1, |reference|)`. Default 1e-6 on Node's cpu, 1e-5 elsewhere. */
  readonly tolerance?: number;
  /** Tolerance of gradients, relative to the largest finite difference. Default `1e-4`. */
  readonly gradientTolerance?: number;
  /** How many elements of each differentiable input the finite-difference check differentiates (seeded choice). Default 128. */
  readonly gradientSamples?: number;
  /** Finite-difference step, relative to `max(1, |x|)`. Default `1e-6`. */
  readonly finiteDifferenceStep?: number;
}

/** What {@link LossTester.run} checks. */
export interface LossTestCases<Options = unknown> {
  readonly valid?: readonly ValidCase<Options>[];
  readonly invalid?: readonly InvalidCase[];
  readonly random?: RandomSpec<Options> | readonly RandomSpec<Options>[];
}
