// Checks a person's loss before it trains, with the test kit's own checks: it builds, its output
// has a sane shape (the reference's, when there is one), and its gradient matches finite
// differences on a small random input — of the float64 reference when given, else of the graph
// itself in float32 (a coarser check, with a coarser tolerance). Every input the loss declares
// gets random values of its type, dims and range.
import { type LossPlugin, type LossTensor, buildLossGraph, formatDims, inputSpecsOf, numel, referenceLoss, samePredictionDims } from '@losskit/core';
import type { ProviderName } from '@losskit/runtime';
import { createLossSession } from '@losskit/runtime';
import { type FiniteDifferences, GRADIENT_TOLERANCE, checkGradient, generateValues, maxRelativeError, referenceGradient, seededRandom } from '@losskit/testkit/portable';
import { CustomLossError } from './compile';

/** The small input of the checks: two 3-channel images. */
export function checkDims(size: number): number[] {
  return [2, 3, Math.min(size, 8), Math.min(size, 8)];
}

/** Float32 finite differences of the graph: step and tolerance sized for float32 rounding. */
const GRAPH_STEP = 1e-2;
const GRAPH_TOLERANCE = 2e-2;
const SAMPLES = 24;
/** The size of an axis an input's dims rule leaves free (CTC's target length). */
const FREE_AXIS = 4;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Samples `count` distinct indices below `length`. */
function sample(length: number, count: number, random: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, length)) picked.add(Math.floor(random() * length));
  return [...picked].toSorted((a, b) => a - b);
}

/** The dims of each declared input for a prediction of `dims`, and those its rule leaves free, sized. */
function declaredDims(plugin: LossPlugin<unknown>, dims: readonly number[]): { all: Record<string, number[]>; free: Record<string, number[]> } {
  const all: Record<string, number[]> = {};
  const free: Record<string, number[]> = {};
  for (const [name, spec] of Object.entries(inputSpecsOf(plugin))) {
    const rule = (spec.dims ?? samePredictionDims)(dims);
    all[name] = rule.map((d) => d ?? FREE_AXIS);
    if (rule.includes(undefined)) free[name] = all[name]!;
  }
  return { all, free };
}

/** Random values for every declared input: floats in [0, 1], integers over their declared range (default 0 to 9). */
function randomInputs(plugin: LossPlugin<unknown>, dims: readonly number[], inputDims: Record<string, number[]>, random: () => number): Record<string, LossTensor> {
  const out: Record<string, LossTensor> = {};
  for (const [name, spec] of Object.entries(inputSpecsOf(plugin))) {
    const at = inputDims[name]!;
    if (spec.type === 'float') {
      out[name] = { data: generateValues({ min: 0, max: 1 }, random, at), dims: at };
    } else {
      const range = spec.range?.(dims) ?? { min: 0, max: 9 };
      out[name] = { data: Int32Array.from({ length: numel(at) }, () => range.min + Math.min(range.max - range.min, Math.floor(random() * (range.max - range.min + 1)))), dims: at };
    }
  }
  return out;
}

/** `target float [2, 3, 8, 8], positive float [2, 4]`, or `none`. */
function describeInputs(inputs: Record<string, LossTensor>): string {
  const list = Object.entries(inputs).map(([name, t]) => `${name} ${t.data instanceof Float32Array ? 'float' : 'integer'} ${formatDims(t.dims)}`);
  return list.length ? list.join(', ') : 'none';
}

/** Runs every check; resolves with a one-line summary, rejects with a `CustomLossError`. */
export async function checkCustomLoss(plugin: LossPlugin<unknown>, provider: ProviderName, size: number, withReference: boolean): Promise<string> {
  const dims = checkDims(size);
  let shape: readonly number[];
  let inputDims: ReturnType<typeof declaredDims>;
  try {
    inputDims = declaredDims(plugin, dims);
    shape = buildLossGraph(plugin, { dims, inputDims: inputDims.free, reduction: 'none' }).elementwise.shape;
  } catch (error) {
    throw new CustomLossError(`It does not build for a prediction of [${dims.join(', ')}]: ${message(error)}`, { cause: error });
  }
  if (shape.length === 0 || shape.some((d) => d === 0)) {
    throw new CustomLossError(`Its elementwise output has shape [${shape.join(', ')}]: it needs at least one value per batch`);
  }
  const random = seededRandom(7);
  const prediction = { data: generateValues({ min: 0.05, max: 0.95 }, random, dims), dims };
  const inputs = randomInputs(plugin, dims, inputDims.all, random);

  const session = await createLossSession(plugin, { provider, reduction: 'mean', gradient: true });
  try {
    const run = async (p: Float32Array) => session.run({ ...inputs, prediction: { data: p, dims } });
    let result;
    try {
      result = await run(prediction.data);
    } catch (error) {
      throw new CustomLossError(`It builds but does not run on ${provider}: ${message(error)}`, { cause: error });
    }
    const value = result.loss[0]!;
    if (!Number.isFinite(value)) throw new CustomLossError(`Its value on a random input is ${value}`);
    const gradient = result.gradient!;
    const indices = sample(prediction.data.length, SAMPLES, random);

    let fd: FiniteDifferences;
    let tolerance: number;
    if (withReference) {
      let expected;
      try {
        expected = referenceLoss(plugin, { ...inputs, prediction }, 'mean');
      } catch (error) {
        throw new CustomLossError(`The reference failed: ${message(error)}`, { cause: error });
      }
      const graphDims = `[${shape.join(', ')}]`;
      const elementwise = referenceLoss(plugin, { ...inputs, prediction }, 'none');
      if (elementwise.dims.join() !== shape.join()) {
        throw new CustomLossError(`The reference's output has dims [${elementwise.dims.join(', ')}], the graph's ${graphDims}`);
      }
      const error = maxRelativeError([value], expected.data);
      if (!(error <= 1e-4)) throw new CustomLossError(`The graph gives ${value}, the reference ${expected.data[0]} (relative error ${error.toExponential(1)})`);
      fd = referenceGradient(plugin, { ...inputs, prediction }, 'mean', { indices });
      tolerance = GRADIENT_TOLERANCE;
    } else {
      // Central differences of the float32 graph itself, with forward/backward kink detection
      // like the test kit's finiteDifferences (which needs a synchronous function).
      const derivatives = new Float64Array(indices.length);
      const smooth: boolean[] = [];
      const jumps: number[] = [];
      for (const [k, i] of indices.entries()) {
        const x = Float32Array.from(prediction.data);
        const h = GRAPH_STEP;
        x[i] = prediction.data[i]! + h;
        const plus = (await run(x)).loss[0]!;
        x[i] = prediction.data[i]! - h;
        const minus = (await run(x)).loss[0]!;
        derivatives[k] = (plus - minus) / (2 * h);
        jumps.push(Math.abs((plus - value) / h - (value - minus) / h));
      }
      const scale = Math.max(...Array.from(derivatives, Math.abs), Number.MIN_VALUE);
      for (const jump of jumps) smooth.push(jump <= 0.05 * scale);
      fd = { value, indices, derivatives, smooth };
      tolerance = GRAPH_TOLERANCE;
    }
    try {
      checkGradient(`gradient on ${provider} vs finite differences`, gradient, fd, tolerance);
    } catch (error) {
      throw new CustomLossError(`Its gradient is wrong: ${message(error)}`, { cause: error });
    }
    return (
      `checks passed on ${provider}: builds for [${dims.join(', ')}], output [${shape.join(', ')}], gradient matches ` +
      `${withReference ? 'float64 reference' : 'float32'} finite differences at ${indices.length} points; inputs: ${describeInputs(inputs)}`
    );
  } finally {
    await session.release();
  }
}
