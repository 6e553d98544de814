// weightedSum: Σ w_k · mean_k(l_k) in one graph with one gradient, the parts' values as extra
// outputs. Every expected value is computed by hand in the comment beside it; the built models
// run in ONNX Runtime.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  type LossPlugin,
  type Reduction,
  buildLossGraph,
  buildLossModel,
  defineLossPlugin,
  emitLoss,
  partKeys,
  partOutputName,
  referenceLoss,
  weightedSum,
} from '../src/index';
import { GraphBuilder, decodeModel } from '@losskit/graph';
import { l1, mse, nonNegative } from './support/combined-parts';

// p - t with a closed-form gradient three times the true one, so a test sees that it is used.
const marked = defineLossPlugin({
  name: 'marked',
  description: 'p - t, gradient x3',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.sub(p, t),
    reference: (p, t) => ({ data: p.data.map((v, i) => v - t.data[i]!), dims: p.dims }),
    gradient: (g, _p, _t, dLoss) => g.mul(dLoss, 3),
  }),
});

// |p - t| whose own 'mean' averages over the positions whose target is not 0 (a stand-in for
// cross-entropy's mean over the labels not ignored): it needs the target, from `inputs`.
const nonzeroMean = defineLossPlugin({
  name: 'nonzero-mean',
  description: '|p - t|, mean over nonzero targets',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.abs(g.sub(p, t)),
    reference: (p, t) => ({ data: p.data.map((v, i) => Math.abs(v - t.data[i]!)), dims: p.dims }),
    mean: {
      graph: (g, weighted, inputs) => {
        const kept = g.cast(g.not(g.equal(inputs.target!, 0)), 'float32');
        return g.div(g.reduceSum(g.mul(weighted, kept), { keepdims: false }), g.reduceSum(kept, { keepdims: false }));
      },
      reference: (weighted, inputs) => {
        const t = inputs.target!.data;
        const kept = [...t.keys()].filter((i) => t[i] !== 0);
        return kept.reduce((sum, i) => sum + weighted.data[i]!, 0) / kept.length;
      },
      description: 'Σ w·l over nonzero targets / their count',
    },
  }),
});

// p = [1, 2, 3, 4], t = [0, 0, 0, 5]: d = p - t = [1, 2, 3, -1];
// l1 = [1, 2, 3, 1], mean 7/4 = 1.75; mse = [1, 4, 9, 1], mean 15/4 = 3.75.
const prediction = { data: Float32Array.of(1, 2, 3, 4), dims: [2, 2] };
const target = { data: Float32Array.of(0, 0, 0, 5), dims: [2, 2] };

async function run(plugin: LossPlugin<unknown>, options: { reduction?: Reduction; weights?: { data: Float32Array; dims: number[] } } = {}) {
  const bytes = buildLossModel(plugin, { dims: [2, 2], gradient: true, reduction: options.reduction ?? 'mean', ...(options.weights ? { weights: options.weights.dims } : {}) });
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {
    prediction: new ort.Tensor('float32', prediction.data, prediction.dims),
    target: new ort.Tensor('float32', target.data, target.dims),
  };
  if (options.weights) feeds.weights = new ort.Tensor('float32', options.weights.data, options.weights.dims);
  const outputs = await session.run(feeds);
  await session.release();
  const values = Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [name, Array.from(tensor.data as Float32Array)]));
  return { values, dims: Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [name, tensor.dims])), names: Object.keys(outputs) };
}

const close = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
};

const mix = () => weightedSum([[0.25, l1()], [0.75, mse()]]);

describe('weightedSum: values and gradient', () => {
  it('is Σ w_k · mean_k(l_k), with each part reported unweighted and one gradient', async () => {
    const { values, names } = await run(mix());
    // 0.25 * 1.75 + 0.75 * 3.75 = 0.4375 + 2.8125 = 3.25
    close(values.loss!, [3.25]);
    close(values[partOutputName('l1')]!, [1.75]);
    close(values[partOutputName('mse')]!, [3.75]);
    expect(names.filter((n) => n.startsWith('losskit/part/')).toSorted()).toEqual(['losskit/part/l1', 'losskit/part/mse']);
    // d/dp = 0.25 sign(d) / 4 + 0.75 * 2d / 4 = sign(d) / 16 + 3d / 8 at d = 1, 2, 3, -1.
    close(values.gradient!, [0.4375, 0.8125, 1.1875, -0.4375]);
  });

  it('is one value that every reduction gives back, and that weights can only scale', async () => {
    for (const reduction of ['mean', 'sum', 'weighted_mean', 'sum_by_nonzero_weights'] as const) close((await run(mix(), { reduction })).values.loss!, [3.25]);
    const none = await run(mix(), { reduction: 'none' });
    close(none.values.loss!, [3.25]);
    expect(none.dims.loss).toEqual([1]);
    // A scalar weight 2 doubles the loss and the gradient; the parts stay as they are.
    const scaled = await run(mix(), { reduction: 'sum', weights: { data: Float32Array.of(2), dims: [1] } });
    close(scaled.values.loss!, [6.5]);
    close(scaled.values.gradient!, [0.875, 1.625, 2.375, -0.875]);
    close(scaled.values[partOutputName('l1')]!, [1.75]);
    expect(() => buildLossModel(mix(), { dims: [2, 2], weights: [2, 1] })).toThrowError(
      'Invalid weights.dims: expected dims that broadcast to the elementwise loss shape [1], received [2, 1]. weighted-sum is reduced already (each part by its own mean): weights can only scale it, with dims [] or [1]',
    );
  });

  it("uses each part's closed-form gradient", async () => {
    const { values } = await run(weightedSum([[0.5, marked()], [0.5, l1()]]));
    // 0.5 * mean(d) + 0.5 * mean|d| = 0.5 * 5/4 + 0.5 * 7/4 = 1.5
    close(values.loss!, [1.5]);
    // marked's declared gradient 3 * 0.5 / 4 = 0.375 (the true one would give 0.125), plus 0.5 sign(d) / 4.
    close(values.gradient!, [0.5, 0.5, 0.5, 0.25]);
  });

  it("reduces a part by its own 'mean', which sees the inputs", async () => {
    const plugin = weightedSum([[2, nonzeroMean()], [1, l1()]]);
    const { values } = await run(plugin);
    // nonzero-mean keeps position 3 only (t = 5): |4 - 5| / 1 = 1; 2 * 1 + 1.75 = 3.75.
    close(values.loss!, [3.75]);
    close(values[partOutputName('nonzero-mean')]!, [1]);
    // d/dp = 2 * [0, 0, 0, sign(-1)] + sign(d) / 4
    close(values.gradient!, [0.25, 0.25, 0.25, -2.25]);
    expect(referenceLoss(plugin, { prediction, target }).data[0]).toBeCloseTo(3.75, 12);
  });

  it('has a float64 reference of dims [1]: the parts reduced by their own means, weighted and added', () => {
    const p = { data: Float64Array.from(prediction.data), dims: prediction.dims };
    const t = { data: Float64Array.from(target.data), dims: target.dims };
    const reference = weightedSum([[0.25, l1()], [0.75, mse()]]).reference(p, t, { prediction: p, target: t });
    expect(reference.dims).toEqual([1]);
    expect(reference.data[0]).toBeCloseTo(3.25, 12);
    expect(Array.from(referenceLoss(weightedSum([[0.25, l1()], [0.75, mse()]]), { prediction, target }, 'none').data)).toEqual([3.25]);
  });

  it('reports repeated names as name#2, and only combined losses have parts', () => {
    const plugin = weightedSum([[1, l1()], [1, mse()], [2, l1()]]);
    expect(partKeys(plugin.options.parts)).toEqual(['l1', 'mse', 'l1#2']);
    expect(Object.keys(buildLossGraph(plugin, { dims: [2, 2] }).parts)).toEqual(['l1', 'mse', 'l1#2']);
    const plain = buildLossGraph(l1(), { dims: [2, 2], gradient: true });
    expect(plain.parts).toEqual({});
    expect(plain.graph.outputs.map((o) => o.name)).toEqual(['loss', 'gradient']);
    const g = new GraphBuilder();
    expect(emitLoss(g, l1(), g.input('prediction', 'float32', [2])).parts).toBeUndefined();
    const emitted = emitLoss(g, plugin, g.input('p2', 'float32', [2]), { inputName: (name) => `${name}2` });
    expect(Object.keys(emitted.parts!)).toEqual(['l1', 'mse', 'l1#2']);
    expect(emitted.parts!.l1!.shape).toEqual([]);
  });
});

describe('weightedSum: the plugin', () => {
  it('is a frozen plugin named weighted-sum whose options hold the parts', () => {
    const a = l1();
    const b = mse();
    const plugin = weightedSum([[0.84, a], [0.16, b]]);
    expect(plugin.name).toBe('weighted-sum');
    expect(plugin.docs).toBe('https://github.com/losskit/losskit/tree/main/packages/core#combined-losses');
    expect(plugin.options.parts).toEqual([[0.84, a], [0.16, b]]);
    expect(plugin.options.parts[0]![1]).toBe(a);
    expect(Object.isFrozen(plugin) && Object.isFrozen(plugin.options.parts) && Object.isFrozen(plugin.options.parts[0])).toBe(true);
    const model = decodeModel(buildLossModel(plugin, { dims: [2] }));
    expect(model.metadata['losskit.plugin']).toBe('weighted-sum');
    expect(model.metadata['losskit.options']).toBe('{"parts":[[0.84,"l1()"],[0.16,"mse()"]]}');
  });

  it('refuses bad parts, naming the one at fault', () => {
    const refused: [unknown, string][] = [
      [[], 'Invalid option weightedSum.parts: expected a non-empty array of [weight, loss] pairs such as [[0.84, msSsim()], [0.16, l1()]], received []'],
      [l1(), 'Invalid option weightedSum.parts: expected a non-empty array of [weight, loss] pairs such as [[0.84, msSsim()], [0.16, l1()]], received an object'],
      [[l1()], 'Invalid option weightedSum.parts[0]: expected a [weight, loss] pair such as [0.5, l1()], received an object'],
      [[[0.5, l1()], [0.5]], 'Invalid option weightedSum.parts[1]: expected a [weight, loss] pair such as [0.5, l1()], received [0.5]'],
      [[[0.5, l1()], [0, mse()]], 'Invalid option weightedSum.parts[1][0]: expected a finite number > 0, received 0'],
      [[[-1, l1()]], 'Invalid option weightedSum.parts[0][0]: expected a finite number > 0, received -1'],
      [[[Number.NaN, l1()]], 'Invalid option weightedSum.parts[0][0]: expected a finite number > 0, received NaN'],
      [[[Number.POSITIVE_INFINITY, l1()]], 'Invalid option weightedSum.parts[0][0]: expected a finite number > 0, received Infinity'],
      [[['0.5', l1()]], 'Invalid option weightedSum.parts[0][0]: expected a finite number > 0, received "0.5"'],
      [[[0.5, l1()], [0.5, mse]], 'Invalid option weightedSum.parts[1][1]: expected a loss plugin such as mse() (call the factory), received the factory mse itself'],
      [[[0.5, 'l1']], 'Invalid option weightedSum.parts[0][1]: expected a loss plugin such as l1() or mse(), received "l1"'],
    ];
    for (const [parts, message] of refused) {
      expect(() => weightedSum(parts as never)).toThrowError(InvalidOptionError);
      expect(() => weightedSum(parts as never)).toThrowError(message);
    }
  });

  it("runs each part's input checks, keeping the argument and naming the part", () => {
    const plugin = weightedSum([[1, l1()], [1, nonNegative()]]);
    const negative = { data: Float32Array.of(0, -2, 0, 0), dims: [2, 2] };
    expect(() => plugin.validate!({ prediction, target: negative })).toThrowError(
      'Invalid target.data[1]: expected a value >= 0, received -2. Part non-negative of the weighted sum (weightedSum.parts[1]) checks this',
    );
    expect(() => plugin.validate!({ prediction, target })).not.toThrow();
    // non-negative has no graph form of its check, so neither has the sum; without checks, no validate either.
    expect(plugin.inputCheck).toBeUndefined();
    expect(weightedSum([[1, l1()], [1, mse()]]).validate).toBeUndefined();
  });
});
