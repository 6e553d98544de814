// The rules table: missing rules are reported all at once, callers extend the table per call
// (default-domain and custom-domain operators), and nothing leaks into global state.
import {
  GraphBuilder,
  LossKitError,
  type OnnxFunction,
  UnsupportedOperatorError,
  type Value,
  attr,
} from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { type GradientRule, type GradientRules, defaultGradientRules, gradients } from '../src/index';
import { type GradientCase, gradientTests } from './support/check';
import type { F64 } from './support/reference';
import { erf } from './support/reference-layers';

/** d erf(x) / dx = 2/sqrt(pi) * exp(-x^2). */
const erfRule: GradientRule = ({ g, inputs, dOutputs }) => {
  const x = inputs[0]!;
  return [g.mul(dOutputs[0]!, g.mul(g.exp(g.neg(g.mul(x, x))), 2 / Math.sqrt(Math.PI)))];
};

/** A custom-domain operator, Cube(x) = x^3, shipped as an ONNX model-local function. */
const cubeFunction: OnnxFunction = {
  name: 'Cube',
  domain: 'com.example',
  inputs: ['X'],
  outputs: ['Y'],
  attributes: [],
  nodes: [
    { op: 'Mul', domain: '', name: 'square', inputs: ['X', 'X'], outputs: ['S'], attributes: {} },
    { op: 'Mul', domain: '', name: 'cube', inputs: ['S', 'X'], outputs: ['Y'], attributes: {} },
  ],
  opsetImports: [{ domain: '', version: 18 }],
};

function cube(g: GraphBuilder, x: Value): Value {
  return g.addNode('Cube', [x], {}, { domain: 'com.example', outputTypes: [{ dtype: x.dtype, shape: x.shape }] })[0]!;
}

const cubeRule: GradientRule = ({ g, inputs, dOutputs }) => [g.mul(dOutputs[0]!, g.mul(g.mul(inputs[0]!, inputs[0]!), 3))];

/** A rule that sums away an axis: the traversal must reject its shape. */
const wrongShapeRule: GradientRule = ({ g, dOutputs }) => [g.reduceSum(dOutputs[0]!, { axes: [1] })];

function erfGraph(): { g: GraphBuilder; x: Value; y: Value } {
  const g = new GraphBuilder('erf');
  const x = g.input('x', 'float32', [3]);
  return { g, x, y: g.reduceSum(g.addNode('Erf', [x])[0]!) };
}

const withErf: GradientRules = { ...defaultGradientRules, Erf: erfRule };
const withCube: GradientRules = { ...defaultGradientRules, 'com.example.Cube': cubeRule };

describe('missing rules', () => {
  it('throws UnsupportedOperatorError listing every operator without a rule, sorted and once each', () => {
    const g = new GraphBuilder('missing');
    const x = g.input('x', 'float32', [2, 3]);
    const y = g.addNode('Cos', [g.addNode('Sin', [g.addNode('Cos', [x])[0]!])[0]!])[0]!;
    const loss = g.reduceSum(cube(g, y));
    let error: unknown;
    try {
      gradients(g, loss, [x]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedOperatorError);
    expect((error as UnsupportedOperatorError).code).toBe('ERR_UNSUPPORTED_OPERATOR');
    expect((error as UnsupportedOperatorError).operators).toEqual(['Cos', 'Sin', 'com.example.Cube']);
    expect((error as Error).message).toBe('No gradient rule for operators on the path being differentiated: Cos ("Cos_0", "Cos_2"), Sin ("Sin_1"), com.example.Cube ("Cube_3")');
  });

  it('ignores operators without a rule that are off the differentiated path', () => {
    const g = new GraphBuilder('off-path');
    const x = g.input('x', 'float32', [3]);
    const other = g.input('other', 'float32', [3]);
    // Erf only touches `other`, which is not differentiated; ArgMax's output is an integer.
    const y = g.reduceSum(g.mul(x, g.addNode('Erf', [other])[0]!));
    g.addNode('ArgMax', [x], { axis: attr.int(0) });
    expect(() => gradients(g, y, [x])).not.toThrow();
  });

  it('returns zeros for an input the output does not depend on', () => {
    const g = new GraphBuilder('unused');
    const x = g.input('x', 'float32', [2]);
    const unused = g.input('unused', 'float32', [4, 1]);
    const [, dUnused] = gradients(g, g.reduceSum(g.exp(x)), [x, unused]);
    expect(dUnused!.shape).toEqual([4, 1]);
    const node = g.nodes.find((n) => n.outputs.includes(dUnused!.name))!;
    expect(node.op).toBe('Expand');
    expect(g.constantValue(node.inputs[0]!)).toEqual(Float32Array.from([0]));
  });
});

describe('caller-supplied rules', () => {
  it('extend the table for one call only: the defaults stay frozen and unchanged', () => {
    // Erf has a default rule; a table without it shows the caller's rule is what is used.
    const withoutErf: GradientRules = Object.fromEntries(Object.entries(defaultGradientRules).filter(([op]) => op !== 'Erf'));
    const first = erfGraph();
    expect(() => gradients(first.g, first.y, [first.x], { rules: { ...withoutErf, Erf: erfRule } })).not.toThrow();
    expect(Object.isFrozen(defaultGradientRules)).toBe(true);
    expect(defaultGradientRules.Erf).not.toBe(erfRule);
    const second = erfGraph();
    expect(() => gradients(second.g, second.y, [second.x], { rules: withoutErf })).toThrow(UnsupportedOperatorError);
  });

  it('a rule that returns the wrong shape is reported with the operator and both shapes', () => {
    const g = new GraphBuilder('bad-rule');
    const x = g.input('x', 'float32', [2, 3]);
    const y = g.reduceSum(g.addNode('Erf', [x])[0]!);
    expect(() => gradients(g, y, [x], { rules: { ...defaultGradientRules, Erf: wrongShapeRule } })).toThrow(
      expect.objectContaining({
        code: 'ERR_GRADIENT_RULE',
        message: expect.stringContaining('Gradient rule for Erf returned shape [2, 1] for input "x" of shape [2, 3]'),
      }) as LossKitError,
    );
  });

  it('rejects a seed whose shape differs from y', () => {
    const g = new GraphBuilder('seed');
    const x = g.input('x', 'float32', [2, 3]);
    const seed = g.input('seed', 'float32', [3]);
    expect(() => gradients(g, g.exp(x), [x], { seed })).toThrow('Invalid seed: expected shape [2, 3] (the shape of y), received [3]');
  });
});

const customCases: readonly GradientCase[] = [
  {
    name: 'caller rule for Erf (default domain) inside a small network',
    inputs: [{ shape: [2, 3], range: [-1, 1] }, { shape: [3, 3], range: [-0.6, 0.6] }],
    build: (g, x, w) => g.tanh(g.matMul(g.addNode('Erf', [x!])[0]!, w!)),
    rules: withErf,
    reference: { Erf: ([x]) => [{ shape: x!.shape, data: x!.data.map(erf) } satisfies F64] },
  },
  {
    name: 'caller rule for com.example.Cube, a model-local ONNX function',
    inputs: [{ shape: [2, 4] }],
    build: (g, x) => g.sigmoid(cube(g, x!)),
    rules: withCube,
    reference: { 'com.example.Cube': ([x]) => [{ shape: x!.shape, data: x!.data.map((v) => v ** 3) }] },
    functions: [cubeFunction],
    opsetImports: [
      { domain: '', version: 18 },
      { domain: 'com.example', version: 1 },
    ],
  },
];

describe('caller-supplied rules vs finite differences', () => gradientTests(customCases));
