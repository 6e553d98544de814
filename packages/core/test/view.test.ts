import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  buildLossModel,
  combineChannels,
  defineLossPlugin,
  defineViewLoss,
  option,
  pluginOption,
  resolveChannelAxis,
} from '../src/index';

// A distance with a closed-form gradient that differs from the true one on purpose (x3), and a
// range check, so the tests see whether defineViewLoss keeps both.
const marked = defineLossPlugin({
  name: 'marked',
  description: 'Difference with a recognisable gradient and targets >= 0.',
  options: {},
  create: () => ({
    elementwise: (g, p, t) => g.sub(p, t),
    reference: (p, t) => ({ data: p.data.map((v, i) => v - t.data[i]!), dims: p.dims }),
    gradient: (g, _p, _t, dLoss) => g.mul(dLoss, g.constant(Float32Array.of(3), 'float32', [])),
    validate: ({ target }) => {
      const bad = target.data.findIndex((v) => v < 0);
      if (bad >= 0) throw new InvalidInputError(`target.data[${bad}]`, 'a value >= 0', target.data[bad]);
    },
  }),
});

// A view that sums the channels of axis `channelAxis` with weights 1, 2, ...
const weighted = defineViewLoss({
  name: 'weighted',
  description: 'Compares a weighted channel sum with a distance.',
  options: {
    distance: pluginOption({ description: 'The loss in the view.', default: () => marked() }),
    channelAxis: option.number({ description: 'The channel axis.', default: 1, integer: true }),
  },
  view: ({ channelAxis }) => {
    const axisOf = (dims: readonly number[]) => resolveChannelAxis(dims, channelAxis, 'exactly 2 channels', (n) => n === 2);
    return {
      explanation: '1 A + 2 B',
      checkDims: axisOf,
      graph: (g, x) => {
        const axis = axisOf(x.shape);
        const w = g.constant(Float32Array.of(1, 2), 'float32', [2, ...x.shape.slice(axis + 1).map(() => 1)]);
        return g.reduceSum(g.mul(x, w), { axes: [axis], keepdims: false });
      },
      values: (data, dims) => combineChannels(data, dims, axisOf(dims), (get) => get(0) + 2 * get(1)),
    };
  },
});

describe('defineViewLoss', () => {
  const prediction = { data: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), dims: [2, 2, 2] };
  const target = { data: Float32Array.of(0, 1, 1, 0, 2, 0, 0, 1), dims: [2, 2, 2] };
  // View of prediction along axis 1: [1 + 2*3, 2 + 2*4, 5 + 2*7, 6 + 2*8] = [7, 10, 19, 22];
  // of the target: [0 + 2, 1 + 0, 2 + 0, 0 + 2] = [2, 1, 2, 2].
  it('references the distance on the viewed values, the axis removed', () => {
    const p = { data: Float64Array.from(prediction.data), dims: prediction.dims };
    const t = { data: Float64Array.from(target.data), dims: target.dims };
    const out = weighted().reference(p, t, { prediction: p, target: t });
    expect(Array.from(out.data)).toEqual([5, 9, 17, 20]);
    expect(out.dims).toEqual([2, 2]);
  });

  it('runs the graph, with the distance\'s closed-form gradient chained through the view', async () => {
    const bytes = buildLossModel(weighted(), { dims: [2, 2, 2], reduction: 'sum', gradient: true });
    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({
      prediction: new ort.Tensor('float32', prediction.data, prediction.dims),
      target: new ort.Tensor('float32', target.data, target.dims),
    });
    expect(Array.from(result.loss!.data as Float32Array)).toEqual([51]);
    // d/dp of Σ marked(view(p)): marked's declared gradient 3, times the view's weight 1 or 2.
    expect(Array.from(result.gradient!.data as Float32Array)).toEqual([3, 3, 6, 6, 3, 3, 6, 6]);
    await session.release();
  });

  it('runs the distance\'s input checks on the viewed values, naming the view', () => {
    const negative = { data: Float32Array.of(0, 0, -1, 0, 0, 0, 0, 0), dims: [2, 2, 2] };
    expect(() => weighted().validate!({ prediction, target: negative })).toThrowError(
      'Invalid weighted(target).data[0]: expected a value >= 0, received -2. weighted applies marked to 1 A + 2 B',
    );
    expect(() => weighted({ channelAxis: 2 }).validate!({ prediction: { data: new Float32Array(6), dims: [1, 2, 3] }, target })).toThrowError(
      'Invalid prediction.dims: expected exactly 2 channels, received [1, 2, 3], with 3 on axis 2',
    );
    expect(() => weighted({ channelAxis: -4 }).validate!({ prediction, target })).toThrowError('which has no axis -4');
  });
});
