// Contract v2: integer class-index targets, extra named inputs with their own gradients, a loss
// without a target, and a plugin's own 'mean'. Expected values are computed by hand in the
// comments; the built models run in ONNX Runtime.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  InvalidOptionError,
  buildLossGraph,
  buildLossModel,
  defineLossPlugin,
  defineViewLoss,
  dimsWithoutAxis,
  gradientOutputName,
  option,
  pluginOption,
  referenceLoss,
  validateLossInputs,
  validateLossLayout,
} from '../src/index';

// "pick": -prediction[n, target[n]] for logits [N, C], class indices [N]; ignored labels give 0
// and 'mean' divides by the count of labels not ignored (PyTorch's NLL semantics).
const pick = defineLossPlugin({
  name: 'pick',
  description: '-prediction[n, target[n]]',
  options: { ignoreIndex: option.integer({ description: 'ignored label', default: -100 }) },
  create: ({ ignoreIndex }) => ({
    inputs: {
      target: {
        type: 'integer',
        dims: dimsWithoutAxis(1),
        range: (dims) => ({ min: 0, max: dims[1]! - 1, except: ignoreIndex, description: `a class index in [0, ${dims[1]! - 1}] or ${ignoreIndex}` }),
        description: 'class indices',
      },
    },
    elementwise: (g, prediction, target) => {
      const classes = prediction.shape[1]!;
      const labels = g.unsqueeze(g.cast(target, 'float32'), [1]);
      const range = g.constant(Float32Array.from({ length: classes }, (_, c) => c), 'float32', [1, classes]);
      const oneHot = g.cast(g.equal(labels, range), 'float32');
      return g.neg(g.reduceSum(g.mul(prediction, oneHot), { axes: [1], keepdims: false }));
    },
    reference: (prediction, target) => {
      const classes = prediction.dims[1]!;
      return { data: target.data.map((t, n) => (t === ignoreIndex ? 0 : -prediction.data[n * classes + t]!)), dims: target.dims };
    },
    mean: {
      description: 'Σ l / count(target ≠ ignoreIndex)',
      graph: (g, weighted, inputs) => {
        const kept = g.cast(g.not(g.equal(inputs.target!, ignoreIndex)), 'float32');
        return g.div(g.reduceSum(weighted, { keepdims: false }), g.reduceSum(kept, { keepdims: false }));
      },
      reference: (weighted, inputs) => weighted.data.reduce((a, b) => a + b, 0) / inputs.target!.data.filter((t) => t !== ignoreIndex).length,
    },
  }),
});

// "gap": prediction - positive + negative with gradients for all three, and no target.
const gap = defineLossPlugin({
  name: 'gap',
  description: 'p - a + b',
  options: {},
  create: () => ({
    inputs: {
      positive: { type: 'float', differentiable: true, description: 'the positive' },
      negative: { type: 'float', differentiable: true, description: 'the negative' },
    },
    elementwise: (g, prediction, _target, inputs) => g.add(g.sub(g.mul(prediction, prediction), inputs.positive!), g.mul(inputs.negative!, 3)),
    reference: (prediction, _target, inputs) => ({
      data: prediction.data.map((p, i) => p * p - inputs.positive!.data[i]! + 3 * inputs.negative!.data[i]!),
      dims: prediction.dims,
    }),
  }),
});

const logits = { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] };

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, number[]>> {
  const session = await ort.InferenceSession.create(model);
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, Array.from(t.data as Float32Array)]));
  } finally {
    await session.release();
  }
}

describe('class-index targets', () => {
  it('builds int64 target inputs with the class axis removed and runs in ONNX Runtime', async () => {
    const built = buildLossGraph(pick(), { dims: [2, 3], gradient: true });
    expect(built.target.dtype).toBe('int64');
    expect(built.target.shape).toEqual([2]);
    const out = await run(buildLossModel(pick(), { dims: [2, 3], gradient: true }), {
      prediction: new ort.Tensor('float32', logits.data, [2, 3]),
      target: new ort.Tensor('int64', BigInt64Array.of(2n, -100n), [2]),
    });
    // Row 0 picks class 2 (-3); row 1 is ignored; mean over the one kept label: -3.
    expect(out.loss).toEqual([-3]);
    // d/dp of -p[0, 2] / 1: -1 at (0, 2), 0 elsewhere.
    expect(out.gradient!.map((v) => v + 0)).toEqual([0, 0, -1, 0, 0, 0]);
  });

  it("uses the plugin's mean for 'mean' only, and the reference agrees", () => {
    const target = { data: Int32Array.of(0, 2), dims: [2] };
    // -1 and -6: mean over 2 kept labels -3.5, sum -7, none [-1, -6].
    expect(Array.from(referenceLoss(pick(), { prediction: logits, target }).data)).toEqual([-3.5]);
    expect(Array.from(referenceLoss(pick(), { prediction: logits, target }, 'sum').data)).toEqual([-7]);
    expect(Array.from(referenceLoss(pick(), { prediction: logits, target: { data: BigInt64Array.of(0n, -100n), dims: [2] } }).data)).toEqual([-1]);
  });

  it('refuses a class index out of range, naming the position and the value', () => {
    const call = () => validateLossInputs(pick(), { prediction: logits, target: { data: Int32Array.of(1, 3), dims: [2] } });
    expect(call).toThrowError(InvalidInputError);
    expect(call).toThrowError('Invalid target.data[1]: expected a class index in [0, 2] or -100, received 3');
    // The layout-only check (sessions that check float values in the graph) still checks ranges.
    expect(() => validateLossLayout(pick(), { prediction: logits, target: { data: BigInt64Array.of(-1n, 0n), dims: [2] } })).toThrowError(
      'Invalid target.data[0]: expected a class index in [0, 2] or -100, received -1',
    );
  });

  it('names the input and the dtype when floats are given for integers, or the reverse', () => {
    expect(() => validateLossInputs(pick(), { prediction: logits, target: { data: Float32Array.of(0, 1), dims: [2] } })).toThrowError(
      /Invalid target\.data: expected integers: an Int32Array or a BigInt64Array, received Float32Array.*"target" takes integer values/,
    );
    expect(() => validateLossInputs(pick(), { prediction: { data: Int32Array.of(1, 2), dims: [2] } as never, target: { data: Int32Array.of(0), dims: [1] } })).toThrowError(
      /Invalid prediction\.data: expected a Float32Array, received Int32Array.*"prediction" takes float values/,
    );
  });

  it('names the axis when the target dims do not follow the prediction', () => {
    expect(() => validateLossInputs(pick(), { prediction: logits, target: { data: Int32Array.of(0, 1, 2), dims: [3] } })).toThrowError(
      'Invalid target.dims: expected [2] (class indices, for prediction dims [2, 3]), received [3]. The prediction dims [2, 3] and target dims [3] differ at axis 0',
    );
    expect(() => validateLossInputs(pick(), { prediction: logits, target: { data: Int32Array.of(0, 1), dims: [2, 1] } })).toThrowError(/differ in rank/);
  });

  it('refuses an input the plugin does not take', () => {
    expect(() => validateLossInputs(pick(), { prediction: logits, target: { data: Int32Array.of(0, 1), dims: [2] }, positve: logits })).toThrowError(
      'Invalid inputs: expected only the inputs pick takes: prediction, target, weights, received an input "positve"',
    );
  });
});

describe('extra inputs and a loss without a target', () => {
  const x = { data: Float32Array.of(1, 2), dims: [2] };
  const y = { data: Float32Array.of(5, 7), dims: [2] };
  const z = { data: Float32Array.of(-1, 4), dims: [2] };

  it('outputs one gradient per differentiable input', async () => {
    const built = buildLossGraph(gap(), { dims: [2], gradient: true, reduction: 'sum' });
    expect(Object.keys(built.gradients)).toEqual(['prediction', 'positive', 'negative']);
    expect(built.target).toBeUndefined();
    expect(gradientOutputName('positive')).toBe('gradient.positive');
    const out = await run(buildLossModel(gap(), { dims: [2], gradient: true, reduction: 'sum' }), {
      prediction: new ort.Tensor('float32', x.data, [2]),
      positive: new ort.Tensor('float32', y.data, [2]),
      negative: new ort.Tensor('float32', z.data, [2]),
    });
    // (1 - 5 - 3) + (4 - 7 + 12) = -7 + 9 = 2; d/dp = 2p, d/dpositive = -1, d/dnegative = 3.
    expect(out.loss).toEqual([2]);
    expect(out.gradient).toEqual([2, 4]);
    expect(out['gradient.positive']).toEqual([-1, -1]);
    expect(out['gradient.negative']).toEqual([3, 3]);
    expect(Array.from(referenceLoss(gap(), { prediction: x, positive: y, negative: z }, 'sum').data)).toEqual([2]);
  });

  it('requires every declared input and no target', () => {
    expect(() => validateLossInputs(gap(), { prediction: x, positive: y } as never)).toThrowError(/Invalid negative: expected an object \{ data: Float32Array/);
    expect(() => validateLossInputs(gap(), { prediction: x, positive: y, negative: z, target: x })).toThrowError(/received an input "target"/);
    expect(() => validateLossInputs(gap(), { prediction: x, positive: y, negative: { data: Float32Array.of(1, Number.NaN), dims: [2] } })).toThrowError(
      'Invalid negative.data[1]: expected a finite number, received NaN',
    );
  });
});

describe('declarations', () => {
  const declared = (inputs: unknown) =>
    defineLossPlugin({ name: 'bad', description: 'x', options: {}, create: () => ({ inputs: inputs as never, elementwise: (_g, p) => p, reference: (p) => p }) });

  it('refuses reserved names, unknown types and integer inputs marked differentiable', () => {
    expect(() => declared({ weights: { type: 'float', description: 'w' } })()).toThrowError(/bad\.inputs: expected camelCase input names/);
    expect(() => declared({ target: { type: 'int', description: 't' } })()).toThrowError('Invalid option bad.inputs.target.type: expected "float" or "integer", received "int"');
    expect(() => declared({ target: { type: 'integer', differentiable: true, description: 't' } })()).toThrowError(/differentiable: expected true only for a float input/);
  });

  it('keeps a view loss to distances of two float tensors of the same dims', () => {
    const view = defineViewLoss({
      name: 'same-view',
      description: 'identity view',
      options: { distance: pluginOption({ description: 'the distance' }) },
      view: () => ({ graph: (_g, x) => x, values: (data, dims) => ({ data: Float64Array.from(data), dims }), checkDims: () => undefined, explanation: 'x' }),
    });
    expect(() => view({ distance: pick() })).toThrowError(InvalidOptionError);
    expect(() => view({ distance: pick() })).toThrowError(/same-view\.distance.*pick\(\), which takes target \(class indices\)/);
  });
});
