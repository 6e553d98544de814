// Meta-tests: every default rule is exercised by a finite-difference case on every provider, and
// the WebGPU runs really refuse CPU fallback (otherwise "runs on WebGPU" would prove nothing).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder, decodeModel, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { defaultGradientRules, gradients } from '../src/index';
import { activationCases } from './cases/activation';
import { convCases, convTransposeCases } from './cases/conv';
import { einsumCases } from './cases/einsum';
import { elementwiseCases } from './cases/elementwise';
import { indexingCases } from './cases/indexing';
import { lossCases } from './cases/loss';
import { batchNormCases, layerActivationCases, layerShapeCases, maxPoolCases, normalizationCases } from './cases/layers';
import { gemmCases, matMulCases } from './cases/nn';
import { noGradientCases } from './cases/no-gradient';
import { poolCases } from './cases/pool';
import { recurrentCases } from './cases/recurrent';
import { reduceCases } from './cases/reduce';
import { reduceExtremumCases } from './cases/reduce-extremum';
import { resizeCases } from './cases/resize';
import { shapeCases } from './cases/shape';
import { type GradientCase, buildCase } from './support/check';
import { PROVIDERS, type Provider, runModel, sessionOptions, skipWithoutWebGpu } from './support/ort';

const allCases: readonly GradientCase[] = [
  ...elementwiseCases,
  ...lossCases,
  ...activationCases,
  ...reduceCases,
  ...reduceExtremumCases,
  ...shapeCases,
  ...indexingCases,
  ...matMulCases,
  ...einsumCases,
  ...gemmCases,
  ...poolCases,
  ...resizeCases,
  ...convCases,
  ...convTransposeCases,
  ...maxPoolCases,
  ...batchNormCases,
  ...normalizationCases,
  ...layerActivationCases,
  ...layerShapeCases,
  ...noGradientCases,
  ...recurrentCases,
];

/** Operator types of a case's forward graph. */
function forwardOps(c: GradientCase): Set<string> {
  const g = new GraphBuilder('ops');
  c.build(g, ...c.inputs.map((spec, i) => g.input(`x${i}`, 'float32', spec.shape)));
  return new Set(g.nodes.map((n) => n.op));
}

/**
 * Rules whose forward operator has no WebGPU kernel, so only the CPU runs them. @losskit/train
 * lowers LogSoftmax to ops that have one. RNN: ONNX Runtime 1.30's WebGPU provider has LSTM and
 * GRU kernels but none for RNN.
 */
const CPU_ONLY_RULES = [
  'Mean', 'Sum', 'LogSoftmax', 'Selu', 'Celu', 'Softsign',
  'Round', 'Sign', 'Or', 'Xor', 'IsNaN', 'IsInf', 'ArgMax', 'ArgMin', 'Size', 'RNN',
];

describe('every default rule is checked against finite differences', () => {
  for (const provider of PROVIDERS) {
    it(`[${provider}] each rule appears in a case that runs there`, () => {
      const covered = new Set<string>();
      for (const c of allCases) if ((c.providers ?? PROVIDERS).includes(provider)) for (const op of forwardOps(c)) covered.add(op);
      const expected = Object.keys(defaultGradientRules).filter((op) => provider === 'cpu' || !CPU_ONLY_RULES.includes(op));
      expect(expected.filter((op) => !covered.has(op))).toEqual([]);
    });
  }

  it('case names are unique (they seed the random inputs and name the tests)', () => {
    const names = allCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

/** Runs a small model on `provider` with input x[1,2,4,4,4]; returns its error, or undefined. */
async function refuse(provider: Provider, build: (g: GraphBuilder) => void): Promise<unknown> {
  const g = new GraphBuilder('refused');
  build(g);
  try {
    await runModel(encodeModel(g.toModel()), provider, { x: { data: new Float32Array(128).fill(0.5), dims: [1, 2, 4, 4, 4] } });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('WebGPU sessions refuse CPU fallback', () => {
  it('[webgpu] a graph with Sign (no WebGPU kernel) fails instead of running on the CPU', async (ctx) => {
    await skipWithoutWebGpu(ctx);
    const error = await refuse('webgpu', (g) => g.output(g.addNode('Sign', [g.input('x', 'float32', [1, 2, 4, 4, 4])])[0]!, 'y'));
    expect(String(error)).toMatch(/fallback to CPU EP has been explicitly disabled/);
  });

  it('[webgpu] a 3-D Conv input gradient (a 3-D ConvTranspose) fails: no such WebGPU kernel', async (ctx) => {
    await skipWithoutWebGpu(ctx);
    const error = await refuse('webgpu', (g) => {
      const x = g.input('x', 'float32', [1, 2, 4, 4, 4]);
      const w = g.constant(new Float32Array(3 * 2 * 8).fill(0.1), 'float32', [3, 2, 2, 2, 2]);
      // Stride 2: the input gradient of a stride-1 Conv is a Conv, which WebGPU has in 3-D.
      const c = g.conv(x, w, undefined, { strides: [2, 2, 2] });
      // Squared, so the upstream gradient depends on x and ONNX Runtime cannot fold it away.
      const [dx] = gradients(g, g.reduceSum(g.mul(c, c)), [x]);
      g.output(dx!, 'dx');
    });
    // The CPU runs the same gradient: see the "[cpu] Conv 3-D stride 2, input gradient" case.
    expect(String(error)).toMatch(/Conv2d or Conv1d/);
  });
});

describe('gradient nodes reach the provider', () => {
  // ONNX Runtime folds constant subgraphs on the CPU when a session loads. The checks feed the
  // upstream gradient as an input so that gradients of linear ops are not folded away; this
  // reads back the model the WebGPU session optimised and finds the gradient nodes still there.
  const keeps: readonly [GradientCase, string][] = [
    [poolCases.find((c) => c.name === 'AveragePool 2x2 stride 2')!, 'ConvTranspose'],
    [shapeCases.find((c) => c.name.startsWith('Slice unit steps'))!, 'Pad'],
    [convCases.find((c) => c.name === 'Conv 3x3 stride 2 pads 1 with bias')!, 'ConvTranspose'],
  ];
  for (const [c, op] of keeps) {
    it(`[webgpu] ${c.name}: the optimised session still has its gradient's ${op}`, async (ctx) => {
      await skipWithoutWebGpu(ctx);
      const dir = mkdtempSync(join(tmpdir(), 'losskit-autodiff-'));
      try {
        const path = join(dir, 'optimized.onnx');
        const session = await ort.InferenceSession.create(buildCase(c).bytes, { ...sessionOptions('webgpu'), optimizedModelFilePath: path });
        await session.release();
        expect(decodeModel(readFileSync(path)).graph.nodes.map((n) => n.op)).toContain(op);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
