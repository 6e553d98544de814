// Bad plugin options and bad loss inputs: every plugin, evaluated through a real loss session.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { bce } from '@losskit/loss-bce';
import { channel } from '@losskit/loss-channel';
import { l1 } from '@losskit/loss-l1';
import { luma } from '@losskit/loss-luma';
import { mse } from '@losskit/loss-mse';
import { type LossSession, createLossSession } from '@losskit/runtime';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { badInputs } from '../support/bad-input';

const OPTION = { error: InvalidOptionError, code: 'ERR_INVALID_OPTION' } as const;
const INPUT = { error: InvalidInputError, code: 'ERR_INVALID_INPUT' } as const;

const tensor = (dims: number[], fill = 0.5): { data: Float32Array; dims: number[] } => ({
  data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(fill),
  dims,
});
const image = tensor([2, 3, 4, 4]);

describe('plugin options', () => {
  badInputs(
    'plugin options',
    [
      { name: 'bce labelSmoothing above 1', run: () => bce({ labelSmoothing: 1.5 }), ...OPTION, words: ['bce.labelSmoothing', 'received 1.5'] },
      { name: 'bce labelSmoothing NaN', run: () => bce({ labelSmoothing: Number.NaN }), ...OPTION, words: ['bce.labelSmoothing', 'received NaN'] },
      { name: 'bce negative epsilon', run: () => bce({ epsilon: -1 }), ...OPTION, words: ['bce.epsilon', 'received -1'] },
      { name: 'bce infinite posWeight', run: () => bce({ posWeight: Number.POSITIVE_INFINITY }), ...OPTION, words: ['bce.posWeight', 'Infinity'] },
      { name: 'bce fromLogits as a string', run: () => bce({ fromLogits: 'yes' as never }), ...OPTION, words: ['bce.fromLogits', 'a boolean', 'received "yes"'] },
      { name: 'bce unknown option', run: () => bce({ logits: true } as never), ...OPTION, words: ['bce.logits', 'known option', 'unknown option "logits"'] },
      { name: 'luma unknown coefficients preset', run: () => luma({ coefficients: 'bt2020' as never }), ...OPTION, words: ['luma.coefficients', 'bt601', '"bt2020"'] },
      { name: 'luma two coefficients', run: () => luma({ coefficients: [0.3, 0.6] as never }), ...OPTION, words: ['luma.coefficients', '[0.3, 0.6]'] },
      { name: 'luma NaN coefficient', run: () => luma({ coefficients: [Number.NaN, 0.5, 0.5] }), ...OPTION, words: ['luma.coefficients', 'NaN'] },
      { name: 'luma fractional channelAxis', run: () => luma({ channelAxis: 1.5 }), ...OPTION, words: ['luma.channelAxis', '1.5'] },
      { name: 'luma distance given as a factory', run: () => luma({ distance: l1 as never }), ...OPTION, words: ['luma.distance', 'l1()'] },
      { name: 'channel unknown color', run: () => channel({ channel: 'purple' as never }), ...OPTION, words: ['channel.channel', '"purple"'] },
      { name: 'channel negative index', run: () => channel({ channel: -1 }), ...OPTION, words: ['channel.channel', '-1'] },
      { name: 'l1 options that are not an object', run: () => l1('fast' as never), ...OPTION, words: ['l1', 'an object', '"fast"'] },
      { name: 'mse with a session option', run: () => mse({ reduction: 'sum' } as never), ...OPTION, words: ['mse.reduction', 'unknown option "reduction"'] },
    ],
    () => expect(bce({ labelSmoothing: 0.1 }).options.labelSmoothing).toBe(0.1),
  );
});

describe('loss inputs', () => {
  let session: LossSession;
  let bceSession: LossSession;
  let lumaSession: LossSession;
  let channelSession: LossSession;
  beforeAll(async () => {
    session = await createLossSession(l1(), { provider: 'cpu', gradient: true });
    bceSession = await createLossSession(bce(), { provider: 'cpu' });
    lumaSession = await createLossSession(luma(), { provider: 'cpu' });
    channelSession = await createLossSession(channel({ channel: 'blue', channelAxis: 3 }), { provider: 'cpu' });
  });
  afterAll(async () => {
    for (const s of [session, bceSession, lumaSession, channelSession]) await s.release();
  });
  const run = (prediction: unknown, target: unknown = image, weights?: unknown) => () =>
    session.run({ prediction, target, ...(weights ? { weights } : {}) } as never);

  badInputs(
    'loss inputs',
    [
      { name: 'Float64Array data', run: run({ data: new Float64Array(96), dims: [2, 3, 4, 4] }), ...INPUT, words: ['prediction.data', 'a Float32Array', 'Float64Array(96)'] },
      { name: 'Int32Array data', run: run({ data: new Int32Array(96), dims: [2, 3, 4, 4] }), ...INPUT, words: ['prediction.data', 'Int32Array(96)'] },
      { name: 'a plain array as data', run: run({ data: [1, 2], dims: [2] }), ...INPUT, words: ['prediction.data', 'a Float32Array', '[1, 2]'] },
      { name: 'an undefined prediction', run: run(undefined), ...INPUT, words: ['prediction', '{ data: Float32Array, dims: number[] }', 'received undefined'] },
      { name: 'a bare Float32Array as the target', run: run(image, new Float32Array(96)), ...INPUT, words: ['Invalid target', '{ data: Float32Array, dims: number[] }', 'Float32Array(96)', 'with their dims'] },
      { name: 'data length that does not match dims', run: run({ data: new Float32Array(95), dims: [2, 3, 4, 4] }), ...INPUT, words: ['prediction.data', '96 values for dims [2, 3, 4, 4]', 'received 95 values'] },
      { name: 'a negative dim', run: run({ data: new Float32Array(4), dims: [-2, -2] }), ...INPUT, words: ['prediction.dims', 'non-negative integers', '[-2, -2]'] },
      { name: 'a fractional dim', run: run({ data: new Float32Array(3), dims: [1.5, 2] }), ...INPUT, words: ['prediction.dims', '[1.5, 2]'] },
      { name: 'dims as a string', run: run({ data: new Float32Array(3), dims: '3' }), ...INPUT, words: ['prediction.dims', 'received "3"'] },
      { name: 'NaN in the prediction', run: run({ data: Float32Array.of(0, Number.NaN), dims: [2] }, tensor([2])), ...INPUT, words: ['prediction.data[1]', 'a finite number', 'NaN'] },
      { name: 'Infinity in the target', run: run(tensor([2]), { data: Float32Array.of(Number.POSITIVE_INFINITY, 0), dims: [2] }), ...INPUT, words: ['target.data[0]', 'Infinity'] },
      { name: 'NaN in the weights', run: run(tensor([2]), tensor([2]), { data: Float32Array.of(1, Number.NaN), dims: [2] }), ...INPUT, words: ['weights.data[1]', 'NaN'] },
      { name: 'target dims that differ at one axis', run: run(tensor([8, 3, 4, 4]), tensor([8, 3, 4, 3])), ...INPUT, words: ['target.dims', 'prediction dims [8, 3, 4, 4] and target dims [8, 3, 4, 3] differ at axis 3'] },
      { name: 'target of another rank', run: run(tensor([2, 6]), tensor([12])), ...INPUT, words: ['differ in rank (2 and 1)'] },
      { name: 'an empty prediction (a dim of 0)', run: run(tensor([2, 0, 4]), tensor([2, 0, 4])), ...INPUT, words: ['prediction.dims', 'at least one element', '[2, 0, 4]', 'Axis 1 has size 0'] },
      { name: 'weights that do not broadcast', run: run(image, image, tensor([3, 1])), ...INPUT, words: ['weights.dims', 'broadcast to the elementwise loss shape [2, 3, 4, 4]', '[3, 1]'] },
      { name: 'weights of a higher rank', run: run(tensor([4]), tensor([4]), tensor([2, 4])), ...INPUT, words: ['weights.dims', '[2, 4]'] },
      { name: 'bce prediction above 1', run: () => bceSession.run({ prediction: tensor([2], 1.5), target: tensor([2]) }), ...INPUT, words: ['prediction', '[0, 1]', '1.5'] },
      { name: 'bce target below 0', run: () => bceSession.run({ prediction: tensor([2]), target: tensor([2], -0.5) }), ...INPUT, words: ['target', '[0, 1]', '-0.5'] },
      { name: 'luma on 4 channels', run: () => lumaSession.run({ prediction: tensor([1, 4, 2, 2]), target: tensor([1, 4, 2, 2]) }), ...INPUT, words: ['3 channels', '4'] },
      { name: 'luma on a tensor without the channel axis', run: () => lumaSession.run({ prediction: tensor([3]), target: tensor([3]) }), ...INPUT, words: ['channelAxis', '1'] },
      { name: 'channel blue on an axis of 2 channels', run: () => channelSession.run({ prediction: tensor([1, 3, 3, 2]), target: tensor([1, 3, 3, 2]) }), ...INPUT, words: ['channel', '2'] },
    ],
    async () => {
      const result = await session.run({ prediction: image, target: tensor([2, 3, 4, 4], 0.25) });
      expect(result.loss[0]).toBeCloseTo(0.25, 6);
    },
  );
});
