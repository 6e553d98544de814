// The inputs of a weightedSum: the union of its parts' declared inputs; parts that declare one
// input differently are refused (at creation where the declarations say so, when the dims are
// known otherwise), and integer ranges combine to what every part accepts.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  InvalidOptionError,
  type LossInputSpecs,
  buildLossModel,
  classIndicesInput,
  defineLossPlugin,
  validateLossInputs,
  weightedSum,
} from '../src/index';
import { l1, nonNegative } from './support/combined-parts';

/** A plugin with the given inputs whose loss is the prediction itself (only its declarations matter). */
function declaring(name: string, inputs: LossInputSpecs) {
  return defineLossPlugin({
    name,
    description: 'the prediction',
    options: {},
    create: () => ({
      inputs,
      elementwise: (g, p) => g.identity(p),
      reference: (p) => ({ data: Float64Array.from(p.data), dims: p.dims }),
    }),
  })();
}

const floatTarget = { target: { type: 'float', description: 'values' } } as const;
const labels = (...values: number[]) => ({ data: Int32Array.from(values), dims: [2] });

describe('weightedSum inputs', () => {
  it('are the union of the parts\' inputs, in the order they first appear', () => {
    const withOther = declaring('with-other', { other: { type: 'float', differentiable: true, description: 'a second prediction' }, ...floatTarget });
    const plugin = weightedSum([[1, l1()], [1, withOther]]);
    expect(Object.keys(plugin.inputs!)).toEqual(['target', 'other']);
    expect(plugin.inputs!.other!.differentiable).toBe(true);
    expect(Object.keys(weightedSum([[1, declaring('none', {})]]).inputs!)).toEqual([]);
  });

  it('refuse, at creation, parts that declare an input with another type, differentiability or class axis', () => {
    const indices = declaring('indices', { target: classIndicesInput(1) });
    expect(() => weightedSum([[1, l1()], [1, indices]])).toThrowError(InvalidOptionError);
    expect(() => weightedSum([[1, l1()], [1, indices]])).toThrowError(
      'Invalid option weightedSum.parts[1][1]: expected a loss whose input "target" is declared like weightedSum.parts[0][1]\'s (l1: the values the prediction should equal, with its dims (float)), received indices(), whose "target" is class indices, the prediction\'s dims without the class axis 1 (integer, class axis 1)',
    );
    const learned = declaring('learned', { target: { type: 'float', differentiable: true, description: 'values' } });
    expect(() => weightedSum([[1, l1()], [1, learned]])).toThrowError(/^Invalid option weightedSum\.parts\[1\]\[1\]: .* received learned\(\), whose "target" is values \(float, differentiable\)$/);
    expect(() => weightedSum([[1, indices], [1, declaring('other-axis', { target: classIndicesInput(2) })]])).toThrowError(/weightedSum\.parts\[1\]\[1\]: .*class axis 2\)$/);
  });

  it('refuse, once the dims are known, parts whose dims rules disagree', () => {
    const firstAxis = declaring('first-axis', { target: { type: 'float', dims: (dims) => [dims[0]!], description: 'one value per row' } });
    const plugin = weightedSum([[1, l1()], [1, firstAxis]]);
    expect(() => buildLossModel(plugin, { dims: [2, 3] })).toThrowError(
      "Invalid option weightedSum.parts[1][1]: expected a loss whose \"target\" has the dims weightedSum.parts[0][1]'s has for prediction dims [2, 3], [2, 3], received first-axis(), whose \"target\" has dims [2]",
    );
  });

  it('accept an integer value where every part accepts it', () => {
    const prediction = { data: new Float32Array(6), dims: [2, 3] };
    const ignoring = declaring('ignoring', { target: classIndicesInput(1, -100) });
    const strict = declaring('strict', { target: classIndicesInput(1) });
    // Both ignore -100: a class index in [0, 2] or -100.
    const both = weightedSum([[1, ignoring], [1, declaring('ignoring-too', { target: classIndicesInput(1, -100) })]]);
    expect(() => validateLossInputs(both, { prediction, target: labels(2, -100) })).not.toThrow();
    // Only one ignores -100: a class index in [0, 2], and the error gives both descriptions.
    const mixed = weightedSum([[1, ignoring], [1, strict]]);
    expect(() => validateLossInputs(mixed, { prediction, target: labels(2, 0) })).not.toThrow();
    expect(() => validateLossInputs(mixed, { prediction, target: labels(2, -100) })).toThrowError(
      'Invalid target.data[1]: expected a class index in [0, 2] or the ignore index -100 and a class index in [0, 2], received -100',
    );
    expect(() => validateLossInputs(mixed, { prediction, target: labels(3, 0) })).toThrowError(InvalidInputError);
  });
});

describe('weightedSum input checks in the graph', () => {
  it("add up the parts' graph checks, so the check is finite only when every part's passes", async () => {
    const plugin = weightedSum([[1, l1()], [1, nonNegative({ graphCheck: true })]]);
    expect(plugin.inputCheck).toBeDefined();
    const session = await ort.InferenceSession.create(buildLossModel(plugin, { dims: [2], inputCheck: true }));
    const check = async (target: number[]) => {
      const outputs = await session.run({ prediction: new ort.Tensor('float32', Float32Array.of(1, 2), [2]), target: new ort.Tensor('float32', Float32Array.from(target), [2]) });
      return (outputs['losskit/input-check']!.data as Float32Array)[0]!;
    };
    // The check sums the inputs (1 + 2 + 0 + 3 = 6) and the parts' checks (0).
    expect(await check([0, 3])).toBe(6);
    expect(await check([0, -3])).toBe(Number.POSITIVE_INFINITY);
    await session.release();
  });
});
