// The README's examples run as written (a meta-test that keeps the docs true): each `ts`
// block is written to a module, with the package name pointing at the sources, and imported.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphBuilder, type Value } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { type GradientRules, differentiableInputs, gradients } from '../src/index';
import { type GradientCase, gradientTests } from './support/check';
import { PROVIDERS, runModel, skipWithoutWebGpu } from './support/ort';

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const GENERATED = fileURLToPath(new URL('./.readme/', import.meta.url));
const SOURCE = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** The `ts` blocks under the heading that starts with `heading` (`## Use`, `### Adding a rule`). */
function tsBlocks(heading: string): string[] {
  const level = heading.split(' ')[0]!;
  const body = README.split(new RegExp(`^${level} `, 'm')).find((s) => s.startsWith(heading.slice(level.length + 1)));
  if (!body) throw new Error(`README.md has no "${heading}" section`);
  return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function importBlock(name: string, code: string): Promise<Record<string, unknown>> {
  mkdirSync(GENERATED, { recursive: true });
  const file = join(GENERATED, `${name}.ts`);
  writeFileSync(file, code.replaceAll("'@losskit/autodiff'", JSON.stringify(SOURCE)));
  return import(/* @vite-ignore */ file);
}

const use = await importBlock('use', tsBlocks('## Use')[0]!);
const adding = await importBlock('adding-a-rule', tsBlocks('### Adding a rule')[0]!);

describe('README "Use"', () => {
  // mean |x·Wᵀ + b - t| over 8 cells: dW[j,k] = Σ_i sign(r_ij)·x_ik / 8, db[j] = Σ_i sign(r_ij) / 8.
  const x = [0.5, -1, 2, 1, 0, -0.5, -2, 1, 1, 0.25, 0.5, -1];
  const w = [0.3, -0.2, 0.1, -0.4, 0.6, 0.2];
  const b = [0.05, -0.1];
  const target = [0, 1, -1, 0.5, 2, -2, 0.3, 0.3];
  const residual = (i: number, j: number) => x[i * 3]! * w[j * 3]! + x[i * 3 + 1]! * w[j * 3 + 1]! + x[i * 3 + 2]! * w[j * 3 + 2]! + b[j]! - target[i * 2 + j]!;
  const sign = (i: number, j: number) => Math.sign(residual(i, j));
  const rows = [0, 1, 2, 3];
  const expectedDw = [0, 1].flatMap((j) => [0, 1, 2].map((k) => rows.reduce((s, i) => s + sign(i, j) * x[i * 3 + k]!, 0) / 8));
  const expectedDb = [0, 1].map((j) => rows.reduce((s, i) => s + sign(i, j), 0) / 8);
  const expectedLoss = rows.reduce((s, i) => s + Math.abs(residual(i, 0)) + Math.abs(residual(i, 1)), 0) / 8;

  for (const provider of PROVIDERS) {
    it(`[${provider}] the linear-layer model computes the L1 loss and its gradients`, async (ctx) => {
      if (provider === 'webgpu') await skipWithoutWebGpu(ctx);
      const out = await runModel(use.bytes as Uint8Array, provider, {
        x: { data: Float32Array.from(x), dims: [4, 3] },
        target: { data: Float32Array.from(target), dims: [4, 2] },
        w: { data: Float32Array.from(w), dims: [2, 3] },
        b: { data: Float32Array.from(b), dims: [2] },
      });
      expect(out.loss![0]).toBeCloseTo(expectedLoss, 6);
      Array.from(out.dw!).forEach((v, i) => expect(v).toBeCloseTo(expectedDw[i]!, 6));
      Array.from(out.db!).forEach((v, i) => expect(v).toBeCloseTo(expectedDb[i]!, 6));
    });
  }

  it('the caller-supplied Sin rule yields a gradient shaped like z', () => {
    expect((use.dz as Value).shape).toEqual([3]);
  });
});

function prelu(g: GraphBuilder, x: Value, slope: Value): Value {
  return g.addNode('PRelu', [x, slope], {}, { outputTypes: [{ dtype: x.dtype, shape: x.shape }] })[0]!;
}

const preluCase: GradientCase = {
  name: 'README "Adding a rule": PRelu with a per-channel slope',
  inputs: [{ shape: [2, 3, 4], margin: 0.05 }, { shape: [3, 1], range: [0.05, 0.5] }],
  build: (g, x, slope) => prelu(g, x!, slope!),
  rules: adding.myRules as GradientRules,
  reference: {
    PRelu: ([x, slope], _node, [shape]) => {
      const s = slope!.data;
      // slope [3, 1] broadcast over [2, 3, 4]: channel index (i / 4) % 3.
      return [{ shape: shape!, data: x!.data.map((v, i) => (v > 0 ? v : v * s[Math.floor(i / 4) % 3]!)) }];
    },
  },
};

describe('README "Adding a rule" vs finite differences', () => gradientTests([preluCase]));

describe('README "Adding a rule": a declared non-differentiable input', () => {
  it('Scale(x, factor): the factor gets no gradient, x gets dy times the factor', () => {
    const rules = { ...(adding.myRules as GradientRules), 'com.example.Scale': adding.scaleRule as GradientRules[string] };
    const g = new GraphBuilder('scale');
    const x = g.input('x', 'float32', [2, 3]);
    const factor = g.input('factor', 'int64', []);
    const scaled = g.addNode('Scale', [x, factor], {}, { domain: 'com.example', outputTypes: [{ dtype: 'float32', shape: [2, 3] }] })[0]!;
    expect(differentiableInputs(rules, g.nodes.at(-1)!)).toEqual([true, false]);
    const [dx] = gradients(g, g.reduceSum(scaled), [x], { rules });
    const producer = g.nodes.find((n) => n.outputs.includes(dx!.name))!;
    expect(producer.op).toBe('Mul');
    expect(g.nodes.find((n) => n.outputs.includes(producer.inputs[1]!))!.op).toBe('Cast');
  });
});
