// Bad training setups: options, optimizers and learning rates, batches and datasets, model
// bytes and checkpoints, and a trainer used after release.
import { InvalidInputError, InvalidOptionError, ModelFormatError, ReleasedError } from '@losskit/core';
import { GraphBuilder, type Model, encodeModel } from '@losskit/graph';
import { l1 } from '@losskit/loss-l1';
import { type Trainer, adam, createTrainer, loadCheckpointFile, sgd } from '@losskit/train/node';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { badInputs } from '../support/bad-input';

const OPTION = { error: InvalidOptionError, code: 'ERR_INVALID_OPTION' } as const;
const INPUT = { error: InvalidInputError, code: 'ERR_INVALID_INPUT' } as const;

/** `y = x * w + b` per feature, batch dim symbolic. */
function linear(features = 3): Model {
  const g = new GraphBuilder('linear');
  const x = g.input('x', 'float32', [1, features]);
  const w = g.initializer('w', 'float32', [features], new Float32Array(features).fill(0.5));
  const b = g.initializer('b', 'float32', [features], new Float32Array(features));
  g.output(g.add(g.mul(x, w), b), 'y');
  const model = g.toModel();
  const shape = ['batch', features];
  return { ...model, graph: { ...model.graph, inputs: [{ name: 'x', dtype: 'float32', shape }], outputs: [{ name: 'y', dtype: 'float32', shape }] } };
}

const rows = (n: number, features = 3, fill = 0.5) => ({ data: new Float32Array(n * features).fill(fill), dims: [n, features] });
const data = { inputs: rows(8), targets: rows(8, 3, 1) };

describe('training', () => {
  let trainer: Trainer;
  let released: Trainer;
  let checkpointOfSgd: Uint8Array;
  beforeAll(async () => {
    trainer = await createTrainer({ model: linear(), loss: l1(), optimizer: adam({ lr: 0.01 }), provider: 'cpu' });
    released = await createTrainer({ model: linear(), loss: l1(), provider: 'cpu' });
    await released.release();
    const other = await createTrainer({ model: linear(), loss: l1(), optimizer: sgd(), provider: 'cpu' });
    checkpointOfSgd = await other.saveCheckpoint();
    await other.release();
  });
  afterAll(() => trainer.release());
  const create = (options: object) => () => createTrainer({ model: linear(), loss: l1(), provider: 'cpu', ...options } as never);

  badInputs(
    'train',
    [
      { name: 'an unknown trainer option', run: create({ epochs: 3 }), ...OPTION, words: ['createTrainer.epochs', 'unknown option "epochs"'] },
      { name: 'a loss factory instead of a plugin', run: create({ loss: l1 }), ...OPTION, words: ['createTrainer.loss', 'call the factory', 'the factory l1 itself'] },
      { name: 'reduction "none" for training', run: create({ reduction: 'none' }), ...OPTION, words: ['createTrainer.reduction', '"mean"', 'received "none"'] },
      { name: 'an unknown provider', run: create({ provider: 'gpu' }), ...OPTION, words: ['provider', 'received "gpu"'] },
      { name: 'model bytes that are not a model', run: create({ model: Uint8Array.of(1, 2, 3) }), error: ModelFormatError, code: 'ERR_MODEL_FORMAT', words: ['ONNX'] },
      { name: 'a model without parameters', run: create({ model: (() => { const g = new GraphBuilder('p'); g.output(g.abs(g.input('x', 'float32', [1, 3])), 'y'); return g.toModel(); })() }), ...INPUT, words: ['model', 'float32 initializers'] },
      { name: 'adam with a NaN learning rate', run: () => adam({ lr: Number.NaN }), ...OPTION, words: ['adam.lr', 'NaN'] },
      { name: 'sgd with a negative learning rate', run: () => sgd({ lr: -0.1 }), ...OPTION, words: ['sgd.lr', '-0.1'] },
      { name: 'adam with betas out of range', run: () => adam({ betas: [1.5, 0.999] } as never), ...OPTION, words: ['adam.betas', '1.5'] },
      { name: 'sgd with Infinity momentum', run: () => sgd({ momentum: Number.POSITIVE_INFINITY }), ...OPTION, words: ['sgd.momentum', 'Infinity'] },
      {
        name: 'an infinite learning rate set on a trainer',
        run: () => {
          trainer.learningRate = Number.POSITIVE_INFINITY;
        },
        ...OPTION,
        words: ['learningRate', 'a finite number > 0', 'Infinity'],
      },
      { name: 'a batch with other feature dims', run: () => trainer.step({ input: rows(2, 4), target: rows(2, 4) }), ...INPUT, words: ['batch.input.dims', '[batch, 3]', '[2, 4]'] },
      { name: 'a target of other dims than the output', run: () => trainer.step({ input: rows(2), target: rows(3) }), ...INPUT, words: ['batch.target.dims', '[2, 3]', '[3, 3]'] },
      { name: 'NaN in a batch', run: () => trainer.step({ input: { data: Float32Array.of(0, Number.NaN, 0), dims: [1, 3] }, target: rows(1) }), ...INPUT, words: ['batch.input.data[1]', 'NaN'] },
      { name: 'a batch as a Float64Array', run: () => trainer.step({ input: { data: new Float64Array(3), dims: [1, 3] } as never, target: rows(1) }), ...INPUT, words: ['batch.input.data', 'Float64Array(3)'] },
      { name: 'an empty batch', run: () => trainer.step({ input: rows(0), target: rows(0) }), ...INPUT, words: ['[0, 3]'] },
      { name: 'datasets with mismatched counts', run: () => trainer.fit({ inputs: rows(8), targets: rows(6) }), ...INPUT, words: ['data.targets.dims[0]', '8 (the number of inputs)', '6'] },
      { name: 'an empty dataset', run: () => trainer.fit({ inputs: rows(0), targets: rows(0) }), ...INPUT, words: ['data.inputs.dims', 'at least one example'] },
      { name: 'fit maxSteps NaN', run: () => trainer.fit(data, { maxSteps: Number.NaN }), ...OPTION, words: ['fit.maxSteps', 'a positive integer', 'NaN'] },
      { name: 'fit epochs 1.5', run: () => trainer.fit(data, { epochs: 1.5 }), ...OPTION, words: ['fit.epochs', '1.5'] },
      { name: 'fit batchSize above the example count', run: () => trainer.fit(data, { batchSize: 9 }), ...OPTION, words: ['fit.batchSize', 'at most the number of examples (8)', '9'] },
      { name: 'an unknown fit option', run: () => trainer.fit(data, { lr: 0.1 } as never), ...OPTION, words: ['fit.lr', 'unknown option "lr"'] },
      { name: 'evaluate with batchSize 0', run: () => trainer.evaluate(data, { batchSize: 0 }), ...OPTION, words: ['evaluate.batchSize', 'a positive integer', '0'] },
      { name: 'a checkpoint that is not an .onnx file', run: () => trainer.loadCheckpoint(new TextEncoder().encode('checkpoint')), error: ModelFormatError, code: 'ERR_MODEL_FORMAT', words: ['Malformed ONNX protobuf'] },
      { name: 'a plain model as a checkpoint', run: () => trainer.loadCheckpoint(encodeModel(linear())), ...INPUT, words: ['checkpoint', 'saveCheckpoint()', 'losskit.checkpoint'] },
      { name: 'a checkpoint of another optimizer', run: () => trainer.loadCheckpoint(checkpointOfSgd), ...INPUT, words: ['a checkpoint of the adam optimizer', 'one of sgd'] },
      { name: 'a checkpoint file that does not exist', run: () => loadCheckpointFile(trainer, '/nonexistent/run.onnx'), ...INPUT, words: ['path', 'a readable checkpoint file', 'ENOENT'] },
      { name: 'a step after release', run: () => released.step({ input: rows(1), target: rows(1) }), error: ReleasedError, code: 'ERR_RELEASED', words: ['This trainer was released'] },
    ],
    async () => {
      const { loss } = await trainer.step({ input: rows(2), target: rows(2, 3, 1) });
      expect(Number.isFinite(loss)).toBe(true);
    },
  );
});
