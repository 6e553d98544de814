// The gradient check every rule goes through: build f(x...) with GraphBuilder, form
// y = ReduceSum(f(x) * r) with a fixed random r (so the upstream gradient is not uniform), append
// gradients(g, y, xs), run the whole graph on an ONNX Runtime provider, and compare with central
// finite differences of the float64 reference interpreter.
import { appendFileSync } from 'node:fs';
import { GraphBuilder, type OnnxFunction, type OpsetImport, type Value, encodeModel } from '@losskit/graph';
import { expect, it } from 'vitest';
import { type GradientRules, gradients } from '../../src/index';
import { type Provider, PROVIDERS, runModel, skipWithoutWebGpu } from './ort';
import { type F64, type ReferenceOp, createEvaluator, numel } from './reference';
import { hashSeed, seededValues } from './random';

/** One input of a case: its shape and how its values are drawn. */
export interface CaseInput {
  readonly shape: readonly number[];
  /** Explicit values (float32); otherwise seeded uniform values in `range`. */
  readonly data?: readonly number[];
  /** Range of the seeded values; default [-1, 1]. */
  readonly range?: readonly [number, number];
  /** Keep seeded values at least this far from zero (kinks); default 0.05. */
  readonly margin?: number;
  /** Whether to differentiate with respect to this input; default true. */
  readonly differentiate?: boolean;
}

/** A function of graph values whose gradient the check verifies on every provider. */
export interface GradientCase {
  readonly name: string;
  readonly inputs: readonly CaseInput[];
  readonly build: (g: GraphBuilder, ...xs: Value[]) => Value;
  /** Rules table to differentiate with (default: the package's defaults). */
  readonly rules?: GradientRules;
  /** float64 implementations of custom operators for the finite differences. */
  readonly reference?: Readonly<Record<string, ReferenceOp>>;
  /** Model-local ONNX functions and opsets the model needs (custom-domain operators). */
  readonly functions?: readonly OnnxFunction[];
  readonly opsetImports?: readonly OpsetImport[];
  /** Providers to run on (default: all); limit it only where a forward op has no kernel there, and say why. */
  readonly providers?: readonly Provider[];
}

/** Gradient tolerance: max|grad - fd| <= GRADIENT_TOLERANCE * max(1, max|fd|), on every provider. */
export const GRADIENT_TOLERANCE: Readonly<Record<Provider, number>> = { cpu: 1e-4, webgpu: 1e-4 };
/**
 * The same without the floor at 1: max|grad - fd| <= SCALED_TOLERANCE * max|fd|, so that small
 * gradients (a mean loss over many cells) are checked as tightly as large ones.
 */
export const SCALED_TOLERANCE = 1e-5;
/** WebGPU against CPU: max|webgpu - cpu| <= CROSS_PROVIDER_TOLERANCE * max(1, max|cpu|). */
export const CROSS_PROVIDER_TOLERANCE = 1e-5;
/** The forward output of ONNX Runtime against the float64 reference interpreter. */
export const FORWARD_TOLERANCE = 1e-5;
/** Central-difference step, in float64. */
const STEP = 1e-6;

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

/** The graph of one case, with everything the check needs to run and verify it. */
export interface BuiltCase {
  readonly g: GraphBuilder;
  readonly bytes: Uint8Array;
  readonly feeds: Record<string, { data: Float32Array; dims: readonly number[] }>;
  /** Indices of the inputs that are differentiated. */
  readonly wrt: readonly number[];
  /** Gradient output name per differentiated input. */
  readonly gradientNames: readonly string[];
  readonly forwardNodes: number;
  readonly f: Value;
  readonly y: Value;
}

/** Builds the forward graph, the objective y = Σ f·r, and the gradient graph of one case. */
export function buildCase(c: GradientCase): BuiltCase {
  const seed = hashSeed(c.name);
  const g = new GraphBuilder('gradient_check');
  const xs = c.inputs.map((spec, i) => g.input(`x${i}`, 'float32', spec.shape));
  const f = c.build(g, ...xs);
  // r is a graph input, not a constant: ONNX Runtime folds constant subgraphs on the CPU at load
  // time, and an upstream gradient that is constant would let gradient nodes escape the provider.
  const r = g.input('r', f.dtype, f.shape);
  const y = g.reduceSum(g.mul(f, r), { keepdims: false });
  const forwardNodes = g.nodes.length;
  const wrt = c.inputs.flatMap((spec, i) => (spec.differentiate === false ? [] : [i]));
  const grads = gradients(g, y, wrt.map((i) => xs[i]!), c.rules ? { rules: c.rules } : {});
  g.output(f, 'f');
  g.output(y, 'y');
  const gradientNames = wrt.map((i) => `grad_x${i}`);
  grads.forEach((d, k) => g.output(d, gradientNames[k]));
  const model = g.toModel(c.opsetImports ? { opsetImports: c.opsetImports } : {});
  const bytes = encodeModel(c.functions ? { ...model, functions: [...c.functions] } : model);
  const feeds: BuiltCase['feeds'] = {};
  c.inputs.forEach((spec, i) => {
    const [lo, hi] = spec.range ?? [-1, 1];
    const data = spec.data ? Float32Array.from(spec.data) : seededValues(numel(spec.shape), seed + 7919 * (i + 1), lo, hi, spec.margin ?? 0.05);
    feeds[`x${i}`] = { data, dims: spec.shape };
  });
  feeds.r = { data: seededValues(numel(f.shape), seed ^ 0x5bd1e995, -1.5, 1.5, 0.25), dims: f.shape };
  return { g, bytes, feeds, wrt, gradientNames, forwardNodes, f, y };
}

/** Central finite differences of y with respect to every element of every differentiated input. */
export function finiteDifferences(c: GradientCase, built: BuiltCase): { f: F64; gradients: Float64Array[] } {
  const evaluate = createEvaluator(built.g, built.forwardNodes, c.reference);
  const inputs: Record<string, F64> = {};
  for (const [name, t] of Object.entries(built.feeds)) inputs[name] = { shape: t.dims, data: Float64Array.from(t.data) };
  const f = evaluate(inputs).get(built.f.name)!;
  const gradientsFd = built.wrt.map((i) => {
    const x = inputs[`x${i}`]!;
    const fd = new Float64Array(x.data.length);
    for (let j = 0; j < x.data.length; j++) {
      const original = x.data[j]!;
      x.data[j] = original + STEP;
      const plus = evaluate(inputs).get(built.y.name)!.data[0]!;
      x.data[j] = original - STEP;
      const minus = evaluate(inputs).get(built.y.name)!.data[0]!;
      x.data[j] = original;
      fd[j] = (plus - minus) / (2 * STEP);
    }
    return fd;
  });
  return { f, gradients: gradientsFd };
}

/** Appends one JSON line per check to $AUTODIFF_ERROR_LOG (how the README's error figures were measured). */
function record(entry: Record<string, unknown>): void {
  const path = process.env.AUTODIFF_ERROR_LOG;
  if (path) appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/**
 * Runs one case on `provider` and asserts: the forward output matches the float64 reference, every
 * gradient is nonzero somewhere and matches central finite differences (both criteria), and (on
 * WebGPU) the gradients match the CPU's.
 */
export async function checkGradient(c: GradientCase, provider: Provider): Promise<void> {
  const built = buildCase(c);
  const out = await runModel(built.bytes, provider, built.feeds);
  const reference = finiteDifferences(c, built);

  const forwardError = maxDiff(out.f!, reference.f.data) / Math.max(1, maxAbs(reference.f.data));
  expect(forwardError, `${provider} forward vs float64 reference`).toBeLessThanOrEqual(FORWARD_TOLERANCE);

  let worst = 0;
  let worstScaled = 0;
  built.gradientNames.forEach((name, k) => {
    const fd = reference.gradients[k]!;
    const relative = maxDiff(out[name]!, fd) / Math.max(1, maxAbs(fd));
    worst = Math.max(worst, relative);
    const scaled = maxDiff(out[name]!, fd) / maxAbs(fd);
    worstScaled = Math.max(worstScaled, scaled);
    expect(maxAbs(fd), `d y / d x${built.wrt[k]} is not identically zero`).toBeGreaterThan(0);
    expect(relative, `${provider} d y / d x${built.wrt[k]} vs finite differences`).toBeLessThanOrEqual(GRADIENT_TOLERANCE[provider]);
    expect(scaled, `${provider} d y / d x${built.wrt[k]} vs finite differences, relative to its size`).toBeLessThanOrEqual(SCALED_TOLERANCE);
  });

  let cross: number | undefined;
  if (provider !== 'cpu') {
    const cpu = await runModel(built.bytes, 'cpu', built.feeds);
    cross = 0;
    for (const name of built.gradientNames) {
      const relative = maxDiff(out[name]!, cpu[name]!) / Math.max(1, maxAbs(cpu[name]!));
      cross = Math.max(cross, relative);
      expect(relative, `${provider} ${name} vs cpu`).toBeLessThanOrEqual(CROSS_PROVIDER_TOLERANCE);
    }
  }
  record({ case: c.name, provider, forward: forwardError, gradient: worst, scaled: worstScaled, ...(cross === undefined ? {} : { crossProvider: cross }) });
}

/** Registers one test per case and provider, named `[provider] case`. */
export function gradientTests(cases: readonly GradientCase[]): void {
  for (const c of cases) {
    for (const provider of c.providers ?? PROVIDERS) {
      it(`[${provider}] ${c.name}`, async (ctx) => {
        if (provider === 'webgpu') await skipWithoutWebGpu(ctx);
        await checkGradient(c, provider);
      });
    }
  }
}
