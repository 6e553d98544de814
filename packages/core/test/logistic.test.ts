// softplus, sigmoids and valueCheck: graph values on ONNX Runtime's cpu against float64 values
// written from the definitions, at logits where the naive forms overflow or round to 0.
import { GraphBuilder, type Value, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, classTargetSchema, classWeightsOption, resolveOptions, sigmoids, softplus, valueCheck } from '../src/index';

async function runOnCpu(x: readonly number[], build: (g: GraphBuilder, x: Value) => Record<string, Value>): Promise<Record<string, number[]>> {
  const g = new GraphBuilder();
  const input = g.input('x', 'float32', [x.length]);
  for (const [name, value] of Object.entries(build(g, input))) g.output(value, name);
  const session = await ort.InferenceSession.create(encodeModel(g.toModel()), { executionProviders: ['cpu'] });
  const result = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [x.length]) });
  await session.release();
  return Object.fromEntries(Object.entries(result).map(([name, t]) => [name, Array.from(t.data as Float32Array)]));
}

function expectRelative(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(tolerance * Math.abs(expected[i]!)));
}

// Float32 values, so the float64 definitions see what the graph sees; exp(-80) = 1.8e-35 is
// still a normal float32 (subnormals may be flushed to 0).
const LOGITS = [-80, -30, -2.5, 0, 0.5, 30, 80].map(Math.fround);

describe('logistic parts', () => {
  it('softplus(x) = log(1 + exp(x)) to float32 precision, tiny values included', async () => {
    const { y } = await runOnCpu(LOGITS, (g, x) => ({ y: softplus(g, x) }));
    // log(1 + exp(x)) for x <= 0 through Math.log1p; x + log1p(exp(-x)) for x > 0.
    const exact = LOGITS.map((x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))));
    expect(exact[1]).toBeCloseTo(9.357622968840175e-14, 26);
    expectRelative(y!, exact, 1e-6);
  });

  it('sigmoid(x) and sigmoid(-x) to float32 precision where 1 - sigmoid(x) rounds to 0', async () => {
    const { s, c } = await runOnCpu(LOGITS, (g, x) => {
      const { sigmoid, complement } = sigmoids(g, x);
      return { s: sigmoid, c: complement };
    });
    expectRelative(s!, LOGITS.map((x) => 1 / (1 + Math.exp(-x))), 1e-6);
    expectRelative(c!, LOGITS.map((x) => 1 / (1 + Math.exp(x))), 1e-6);
  });
});

describe('valueCheck', () => {
  const unit = valueCheck({ min: 0, max: 1, expected: 'a target in [0, 1]' });
  const signs = valueCheck({ absolute: true, min: 1, max: 1, expected: 'a label -1 or 1' });
  const nonNegative = valueCheck({ min: 0, expected: 'a target >= 0' });

  it('validate names the first value outside the range', () => {
    expect(() => unit.validate('target', Float32Array.of(0, 1, 0.5))).not.toThrow();
    expect(() => unit.validate('target', Float32Array.of(0, 1.5, -1))).toThrow(
      new InvalidInputError('target.data[1]', 'a target in [0, 1]', 1.5),
    );
    expect(() => signs.validate('target', Float32Array.of(1, -1, 1))).not.toThrow();
    expect(() => signs.validate('target', Float32Array.of(1, -1, 0))).toThrow(/^Invalid target\.data\[2\]: expected a label -1 or 1, received 0$/);
    expect(() => nonNegative.validate('target', Float32Array.of(3, 0, -0.25))).toThrow(/target\.data\[2\]: expected a target >= 0, received -0\.25/);
  });

  it('the graph form is 0 exactly where validate passes, +Infinity elsewhere', async () => {
    const cases: [ReturnType<typeof valueCheck>, number[], boolean][] = [
      [unit, [0, 1, 0.5], true],
      [unit, [0, 1.5, 0.5], false],
      [unit, [-0.1, 1, 0.5], false],
      [signs, [1, -1, 1], true],
      [signs, [1, -1, 0.5], false],
      [signs, [1, -2, 1], false],
      [nonNegative, [3, 0, 1e30], true],
      [nonNegative, [3, 0, -1e-30], false],
    ];
    for (const [check, values, passes] of cases) {
      const { ok } = await runOnCpu(values, (g, x) => ({ ok: check.graph(g, x) }));
      expect(ok).toEqual([passes ? 0 : Infinity]);
    }
  });
});

describe('class options', () => {
  it('classTargetSchema has PyTorch defaults; classWeightsOption takes weights >= 0', () => {
    expect(resolveOptions('nll', classTargetSchema, {})).toEqual({
      classAxis: 1,
      targets: 'indices',
      ignoreIndex: -100,
      classWeights: undefined,
      labelSmoothing: 0,
    });
    const schema = { classWeights: classWeightsOption('a weight per class') };
    expect(resolveOptions('multi-margin', schema, { classWeights: [0.5, 2] }).classWeights).toEqual([0.5, 2]);
    expect(() => resolveOptions('multi-margin', schema, { classWeights: [1, -1] })).toThrow(/multi-margin\.classWeights\[1\]/);
    expect(() => resolveOptions('multi-margin', schema, { classWeights: [] })).toThrow(/multi-margin\.classWeights/);
  });
});
