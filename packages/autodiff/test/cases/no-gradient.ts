import { type GraphBuilder, type Value, attr } from '@losskit/graph';
import type { GradientCase } from '../support/check';

const op = (g: GraphBuilder, type: string, inputs: readonly Value[], attributes = {}): Value => g.addNode(type, inputs, attributes)[0]!;

/** Away from the steps of floor(2x), ceil(2x) and round(2x), where finite differences would jump. */
const offSteps = [-0.9, -0.6, -0.35, -0.1, 0.1, 0.3, 0.45, 0.6, 0.8, 0.95, -0.8, 0.2];

/**
 * Operators whose outputs carry no gradient (their rules declare every input non-differentiable):
 * each case uses them on a differentiated input, so the finite differences check that what
 * follows sees their outputs as constants. Forward operators without a WebGPU kernel in ONNX
 * Runtime 1.30 (Round, Sign, Or, Xor, IsNaN, IsInf, ArgMax, ArgMin, Size) run on the CPU only.
 */
export const noGradientCases: readonly GradientCase[] = [
  {
    name: 'Floor and Ceil are constants: x * (floor(2x) + ceil(2x))',
    inputs: [{ shape: [3, 4], data: offSteps }],
    build: (g, x) => {
      const twice = g.mul(x!, 2);
      return g.mul(x!, g.add(op(g, 'Floor', [twice]), op(g, 'Ceil', [twice])));
    },
  },
  {
    name: 'Round and Sign are constants: x * (round(2x) + sign(x))',
    inputs: [{ shape: [3, 4], data: offSteps }],
    build: (g, x) => g.mul(x!, g.add(op(g, 'Round', [g.mul(x!, 2)]), op(g, 'Sign', [x!]))),
    providers: ['cpu'],
  },
  {
    name: 'Comparisons route the gradient without carrying it',
    inputs: [{ shape: [3, 4], margin: 0.1 }],
    build: (g, x) => {
      const outer = g.and(g.not(g.greaterOrEqual(x!, -0.5)), g.lessOrEqual(x!, 1));
      const condition = g.and(g.equal(x!, x!), g.not(g.and(g.greater(x!, -0.5), g.less(x!, 0.5))));
      return g.where(outer, g.mul(x!, 3), g.where(condition, g.mul(x!, x!), g.neg(x!)));
    },
  },
  {
    name: 'Logic and value tests route the gradient without carrying it',
    inputs: [{ shape: [3, 4], margin: 0.1 }],
    build: (g, x) => {
      const band = op(g, 'Xor', [g.greater(x!, 0.5), g.less(x!, -0.5)]);
      const special = op(g, 'Or', [op(g, 'IsNaN', [x!]), op(g, 'IsInf', [x!])]);
      return g.where(op(g, 'Or', [band, special]), g.mul(x!, x!), g.mul(x!, 3));
    },
    providers: ['cpu'],
  },
  {
    name: 'ArgMax, ArgMin and Size are constants: x * (argmax - argmin) * size along axis 1',
    inputs: [{ shape: [3, 4] }],
    build: (g, x) => {
      const index = (type: string) => g.cast(op(g, type, [x!], { axis: attr.int(1) }), 'float32');
      return g.mul(g.mul(x!, g.sub(index('ArgMax'), index('ArgMin'))), g.cast(op(g, 'Size', [x!]), 'float32'));
    },
    providers: ['cpu'],
  },
  {
    name: 'Shape, ConstantOfShape and Range are constants',
    inputs: [{ shape: [3, 2] }],
    build: (g, x) => {
      const dims = g.cast(g.shape(x!), 'float32');
      const half = op(g, 'ConstantOfShape', [g.int64s([3, 2])], { value: attr.tensor({ name: '', dtype: 'float32', dims: [1], data: Float32Array.of(0.5) }) });
      const steps = op(g, 'Range', [g.constant(1), g.constant(3), g.constant(1)]);
      return g.add(g.mul(x!, dims), g.mul(g.mul(x!, half), steps));
    },
  },
];
