// Subgradient conventions at kinks, checked with exact expected values (finite differences are
// meaningless there). The upstream gradient is a graph input, so dx = dy * (local derivative).
import { GraphBuilder, type Value, attr, encodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { type GradientRules, defaultGradientRules, gradients, ieeeAbsRules, indexMaxPoolRules } from '../src/index';
import { PROVIDERS, type Provider, runModel, skipWithoutWebGpu } from './support/ort';

interface KinkCase {
  readonly name: string;
  readonly inputs: readonly { shape: readonly number[]; data: readonly number[] }[];
  readonly build: (g: GraphBuilder, ...xs: Value[]) => Value;
  readonly dy: readonly number[];
  /** Expected gradient per input, written out by hand. */
  readonly expected: readonly (readonly number[])[];
  /** Rules table to differentiate with (default: the package's defaults). */
  readonly rules?: GradientRules;
  /** Providers to run on (default: all). */
  readonly providers?: readonly Provider[];
}

const cases: readonly KinkCase[] = [
  {
    name: "Abs'(0) = 0",
    inputs: [{ shape: [5], data: [0, 0.5, -0.5, 0, -2] }],
    build: (g, x) => g.abs(x!),
    dy: [1.5, 2, 3, -4, 0.25],
    expected: [[0, 2, -3, 0, -0.25]],
  },
  {
    // -0 and a subnormal included: x / max(|x|, 2^-149) is 0 at ±0 and exactly ±1 elsewhere.
    // CPU only: WGSL may flush subnormals (0 / 0 at 0), which is why the rule is not a default.
    name: "Abs'(0) = 0 with ieeeAbsRules (dy * x / max(|x|, 2^-149))",
    inputs: [{ shape: [7], data: [0, 0.5, -0.5, -0, -2, 1e-40, -(2 ** -149)] }],
    build: (g, x) => g.abs(x!),
    dy: [1.5, 2, 3, -4, 0.25, 7, 5],
    expected: [[0, 2, -3, 0, -0.25, 7, -5]],
    rules: { ...defaultGradientRules, ...ieeeAbsRules },
    providers: ['cpu'],
  },
  {
    name: "Relu'(0) = 0",
    inputs: [{ shape: [3], data: [0, 1, -1] }],
    build: (g, x) => g.relu(x!),
    dy: [2, 3, 4],
    expected: [[0, 3, 0]],
  },
  {
    name: "LeakyRelu'(0) = alpha",
    inputs: [{ shape: [3], data: [0, 1, -1] }],
    build: (g, x) => g.leakyRelu(x!, 0.25),
    dy: [2, 3, 4],
    expected: [[0.5, 3, 1]],
  },
  {
    name: 'Max ties split the gradient evenly, with broadcast',
    inputs: [
      { shape: [2, 2], data: [1, 5, 1, 0] },
      { shape: [2], data: [1, 2] },
    ],
    build: (g, a, b) => g.max(a!, b!),
    dy: [1, 2, 3, 4],
    // (0,0) tie: 0.5 each; (0,1) a wins; (1,0) tie: 1.5 each; (1,1) b wins.
    expected: [
      [0.5, 2, 1.5, 0],
      [2, 4],
    ],
  },
  {
    name: 'Max three-way tie gives a third to each',
    inputs: [
      { shape: [2], data: [0.5, 1] },
      { shape: [2], data: [0.5, 0] },
      { shape: [2], data: [0.5, 0] },
    ],
    build: (g, a, b, c) => g.max(a!, b!, c!),
    dy: [3, 6],
    expected: [
      [1, 6],
      [1, 0],
      [1, 0],
    ],
  },
  {
    name: 'Min ties split the gradient evenly',
    inputs: [
      { shape: [3], data: [-1, 2, 0] },
      { shape: [3], data: [-1, 1, 0] },
    ],
    build: (g, a, b) => g.min(a!, b!),
    dy: [4, 5, 6],
    expected: [
      [2, 0, 3],
      [2, 5, 3],
    ],
  },
  {
    name: 'Clip bounds are inclusive: x at a bound gets the gradient, the bound does not',
    inputs: [
      { shape: [5], data: [-1, -0.5, 0, 0.5, 1] },
      { shape: [], data: [-0.5] },
      { shape: [], data: [0.5] },
    ],
    build: (g, x, lo, hi) => g.clip(x!, lo!, hi!),
    dy: [1, 2, 3, 4, 5],
    expected: [[0, 2, 3, 4, 0], [1], [5]],
  },
  {
    // ReLU6 as mobilenet_v2 exports it: constant bounds, compared with the output (x is inside
    // exactly where Clip left it unchanged), -0 included.
    name: 'ReLU6 (Clip to constant 0 and 6): 0, -0 and 6 get the gradient, outside does not',
    inputs: [{ shape: [7], data: [-1, -0, 0, 3, 6, 7, -1e-30] }],
    build: (g, x) => g.clip(x!, g.constant(0), g.constant(6)),
    dy: [1, 2, 3, 4, 5, 6, 7],
    expected: [[0, 2, 3, 4, 5, 0, 0]],
  },
  {
    name: 'Where routes the gradient by the condition',
    inputs: [
      { shape: [4], data: [1, -1, 0, 2] },
      { shape: [4], data: [10, 20, 30, 40] },
    ],
    build: (g, a, b) => g.where(g.greater(a!, 0), a!, b!),
    dy: [1, 2, 3, 4],
    expected: [
      [1, 0, 0, 4],
      [0, 2, 3, 0],
    ],
  },
  {
    // PyTorch's max_pool2d backward: the first maximum in row-major window order takes it all.
    name: 'MaxPool ties: the first maximum of each window gets the gradient',
    inputs: [{ shape: [1, 1, 2, 4], data: [1, 1, 0, 0, 1, 0.5, 0, 0] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [2, 2], strides: [2, 2] }),
    dy: [3, 5],
    expected: [[3, 0, 5, 0, 0, 0, 0, 0]],
  },
  {
    // The same from ONNX Runtime's Indices; overlapping 3x3 windows (stride 2, pad 1) sum where
    // one cell is the maximum of several, as PyTorch's max_pool2d backward does.
    name: 'MaxPool from Indices: first maximum of each window, overlaps summed',
    inputs: [{ shape: [1, 1, 2, 4], data: [1, 1, 0, 0, 1, 0.5, 0, 0] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [2, 2], strides: [2, 2] }),
    dy: [3, 5],
    expected: [[3, 0, 5, 0, 0, 0, 0, 0]],
    rules: { ...defaultGradientRules, ...indexMaxPoolRules },
    providers: ['cpu'],
  },
  {
    name: 'MaxPool from Indices: a cell that is the maximum of four overlapping windows takes all four',
    inputs: [{ shape: [1, 1, 3, 3], data: [0, 0, 0, 0, 9, 0, 0, 0, 0] }],
    build: (g, x) => g.maxPool(x!, { kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
    dy: [1, 2, 3, 4],
    expected: [[0, 0, 0, 0, 10, 0, 0, 0, 0]],
    rules: { ...defaultGradientRules, ...indexMaxPoolRules },
    providers: ['cpu'],
  },
  {
    name: "Elu'(0) = alpha, as PyTorch",
    inputs: [{ shape: [3], data: [0, 1, -1] }],
    build: (g, x) => g.addNode('Elu', [x!], { alpha: attr.float(0.5) })[0]!,
    dy: [2, 3, 4],
    expected: [[1, 3, 4 * 0.5 * Math.exp(-1)]],
  },
];

async function gradientAt(c: KinkCase, provider: Provider): Promise<Float32Array[]> {
  const g = new GraphBuilder('kink');
  const xs = c.inputs.map((spec, i) => g.input(`x${i}`, 'float32', spec.shape));
  const f = c.build(g, ...xs);
  const seed = g.input('dy', 'float32', f.shape);
  gradients(g, f, xs, { seed, ...(c.rules ? { rules: c.rules } : {}) }).forEach((d, i) => g.output(d, `grad_x${i}`));
  const feeds: Record<string, { data: Float32Array; dims: readonly number[] }> = { dy: { data: Float32Array.from(c.dy), dims: f.shape } };
  c.inputs.forEach((spec, i) => {
    feeds[`x${i}`] = { data: Float32Array.from(spec.data), dims: spec.shape };
  });
  const out = await runModel(encodeModel(g.toModel()), provider, feeds);
  return xs.map((_, i) => out[`grad_x${i}`]!);
}

describe('subgradient conventions at kinks', () => {
  for (const c of cases) {
    for (const provider of c.providers ?? PROVIDERS) {
      it(`[${provider}] ${c.name}`, async (ctx) => {
        if (provider === 'webgpu') await skipWithoutWebGpu(ctx);
        const grads = await gradientAt(c, provider);
        grads.forEach((grad, i) => {
          const expected = c.expected[i]!;
          expect(grad.length).toBe(expected.length);
          // Hand-computed values; the only rounding is one float32 multiply or divide.
          expected.forEach((e, j) => expect(Math.abs(grad[j]! - e), `d x${i}[${j}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e))));
        });
      });
    }
  }
});

it('Clip with both bounds compares x with the output once (no And of two comparisons)', () => {
  const g = new GraphBuilder('relu6');
  const x = g.input('x', 'float32', [4]);
  const [dx] = gradients(g, g.clip(x, g.constant(0), g.constant(6)), [x]);
  g.output(dx!, 'dx');
  const ops = g.toModel().graph.nodes.map((n) => n.op);
  expect(ops.filter((op) => op === 'Equal')).toHaveLength(1);
  expect(ops).not.toContain('And');
  expect(ops).not.toContain('LessOrEqual');
});
