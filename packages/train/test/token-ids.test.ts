// Integer model inputs: a model exported by PyTorch 1.13 with int64 token ids (nn.Embedding(50, 8),
// a mean over the sequence, nn.Linear(8, 3)) trains in losskit. The first step's gradients match
// PyTorch's float64 autograd (fixtures/embedding/export.py wrote them), three SGD steps lower the
// loss as PyTorch's do, and ids outside the embedding table are refused before ONNX Runtime runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '@losskit/core';
import { GraphBuilder, decodeModel } from '@losskit/graph';
import { crossEntropy } from '@losskit/loss-cross-entropy';
import * as ort from 'onnxruntime-node';
import { expect, it } from 'vitest';
import { type Trainer, compileTrainingStep, createTrainer, prepareModel, sgd } from '../src/index';
import { describeProviders } from './support/providers';
import { type TokenClassifierFixture, relativeError } from './support/pytorch-fixtures';

interface Fixture extends TokenClassifierFixture {
  readonly vocabulary: number;
}

const DIR = join(import.meta.dirname, 'fixtures', 'embedding');
const bytes = readFileSync(join(DIR, 'bag-of-embeddings.onnx'));
const f = JSON.parse(readFileSync(join(DIR, 'bag-of-embeddings.json'), 'utf8')) as Fixture;
// As the PyTorch fixture tests (pytorch.test.ts): loss relative 1e-5; gradients and losses
// max |losskit - PyTorch| <= 1e-4 * max(1, max |PyTorch|).
const LOSS_TOLERANCE = 1e-5;
const TOLERANCE = 1e-4;

const ids = (data: readonly number[] = f.ids.data, dims = f.ids.dims) => ({ data: BigInt64Array.from(data, BigInt), dims });
const labels = () => ({ data: BigInt64Array.from(f.labels, BigInt), dims: [f.labels.length] });

const initial = Object.fromEntries(decodeModel(bytes).graph.initializers.map((t) => [t.name, t.data as Float32Array]));

describeProviders('token ids (int64 model input) through an embedding', (provider) => {
  const open = (lr = 1): Promise<Trainer> => createTrainer({ model: bytes, loss: crossEntropy(), optimizer: sgd({ lr }), provider });

  it("first-step loss and gradients of the embedding table and the linear layer match PyTorch's float64 autograd", async () => {
    await using trainer = await open(1);
    expect([...trainer.parameterNames].toSorted()).toEqual(Object.keys(f.gradients).toSorted());
    const { loss } = await trainer.step({ input: ids(), target: labels() });
    expect(Math.abs(loss - f.loss) / f.loss).toBeLessThanOrEqual(LOSS_TOLERANCE);
    // SGD with lr = 1 moves each parameter by exactly minus its gradient.
    const after = await trainer.parameters();
    for (const [name, expected] of Object.entries(f.gradients)) {
      const gradient = initial[name]!.map((v, i) => v - after[name]![i]!);
      expect(relativeError(gradient, expected.data), `d loss / d ${name}`).toBeLessThanOrEqual(TOLERANCE);
      // PyTorch's own float32 gradient is as close: the tolerance is not hiding a real difference.
      expect(relativeError(f.float32Gradients[name]!.data, expected.data)).toBeLessThanOrEqual(TOLERANCE);
    }
    // Rows no id reads get no gradient; a row read three times gets the sum of three.
    const table = initial['embedding.weight']!.map((v, i) => v - after['embedding.weight']![i]!);
    const unread = Array.from({ length: f.vocabulary }, (_, row) => row).filter((row) => !f.ids.data.includes(row));
    expect(unread.every((row) => table.subarray(row * 8, row * 8 + 8).every((v) => v === 0))).toBe(true);
  });

  it('three SGD steps lower the loss as they do in PyTorch; Int32Array ids train the same', async () => {
    await using trainer = await open(f.sgdLr);
    const losses: number[] = [];
    for (let s = 0; s < f.sgdLosses.length; s++) losses.push((await trainer.step({ input: ids(), target: labels() })).loss);
    expect(relativeError(losses, f.sgdLosses)).toBeLessThanOrEqual(TOLERANCE);
    expect(losses[2]!).toBeLessThan(losses[0]! * 0.8);

    await using narrow = await open(f.sgdLr);
    const first = await narrow.step({ input: { data: Int32Array.from(f.ids.data), dims: f.ids.dims }, target: labels() });
    expect(first.loss).toBe(losses[0]);
  });

  it('evaluate, predict and the exported model take token ids', async () => {
    await using trainer = await open(f.sgdLr);
    await trainer.fit({ inputs: ids(), targets: labels() }, { batchSize: 2, epochs: 2, shuffle: false });
    const { loss } = await trainer.evaluate({ inputs: ids(), targets: labels() }, { batchSize: 3 });
    const predicted = await trainer.predict({ data: Int32Array.from(f.ids.data), dims: f.ids.dims }, { batchSize: 3 });
    expect(predicted.dims).toEqual([4, 3]);
    // The exported model declares the int64 input PyTorch exported, and computes what predict did.
    const exported = decodeModel(await trainer.exportOnnx());
    expect(exported.graph.inputs.map((v) => [v.name, v.dtype])).toEqual([['ids', 'int64']]);
    const session = await ort.InferenceSession.create(await trainer.exportOnnx(), { executionProviders: ['cpu'] });
    const out = (await session.run({ ids: new ort.Tensor('int64', ids().data, [...f.ids.dims]) })).logits!.data as Float32Array;
    await session.release();
    expect(relativeError(out, [...predicted.data])).toBeLessThanOrEqual(1e-5);
    // evaluate's mean cross-entropy, from predict's logits in float64.
    let sum = 0;
    f.labels.forEach((y, n) => {
      const row = Array.from(predicted.data.subarray(n * 3, n * 3 + 3));
      const max = Math.max(...row);
      sum += max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) - row[y]!;
    });
    expect(Math.abs(loss - sum / f.labels.length)).toBeLessThanOrEqual(1e-5);
  });
});

it('the step graph takes ids as the model declares them (int64), or as int32 for a provider without int64 (WebGPU)', () => {
  const prepared = prepareModel(bytes);
  expect(prepared.ids).toEqual({ declared: 'int64', embedding: { table: 'embedding.weight', rows: 50 } });
  for (const integerType of ['int64', 'int32'] as const) {
    const { bytes: step } = compileTrainingStep(prepared, crossEntropy(), 'mean', sgd(), [4, 6], { integerType });
    const inputs = decodeModel(step).graph.inputs;
    expect(inputs.find((v) => v.name === 'ids')?.dtype).toBe(integerType);
  }
});

/** Awaits `run` and checks it failed with an InvalidInputError naming `argument`. */
const expectInvalid = async (run: () => Promise<unknown>, argument: string, message: RegExp) => {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).argument).toBe(argument);
  expect((error as Error).message).toMatch(message);
};

it('finds the table through Cast and Reshape, and bounds int32 ids by its rows', async () => {
  // int32 ids [batch, 3] -> Cast(int64) -> Reshape [-1] -> Gather of a [7, 2] table -> Reshape [batch, 6].
  const g = new GraphBuilder('cast-reshape-embedding');
  const input = g.input('tokens', 'int32', [2, 3]);
  const table = g.initializer('table', 'float32', [7, 2], Float32Array.from({ length: 14 }, (_, i) => i / 10));
  g.output(g.reshape(g.gather(table, g.reshape(g.cast(input, 'int64'), [-1])), [2, 6]), 'y');
  const built = g.toModel();
  const model = { ...built, graph: { ...built.graph, inputs: [{ name: 'tokens', dtype: 'int32' as const, shape: ['batch', 3] }] } };
  expect(prepareModel(model).ids).toEqual({ declared: 'int32', embedding: { table: 'table', rows: 7 } });
  await using trainer = await createTrainer({ model, loss: crossEntropy(), provider: 'cpu' });
  const rows = await trainer.predict({ data: Int32Array.of(6, 0, 1, 2, 3, 4), dims: [2, 3] });
  expect(Array.from(rows.data.subarray(0, 2))).toEqual([Math.fround(1.2), Math.fround(1.3)]);
  await expectInvalid(() => trainer.predict({ data: Int32Array.of(6, 0, 1, 2, 7, 4), dims: [2, 3] }), 'inputs.data[4]', /expected an id in \[0, 6\]/);
});

describeProviders('token ids are checked before ONNX Runtime sees them', (provider) => {
  it('an id past the table, a negative id and float values are InvalidInputErrors naming the position', async () => {
    await using trainer = await createTrainer({ model: bytes, loss: crossEntropy(), provider });
    const past = [...f.ids.data];
    past[7] = 50;
    await expectInvalid(
      () => trainer.step({ input: ids(past), target: labels() }),
      'batch.input.data[7]',
      /^Invalid batch\.input\.data\[7\]: expected an id in \[0, 49\] \(rows of the embedding table "embedding\.weight"\), received 50$/,
    );
    const negative = [...f.ids.data];
    negative[0] = -1;
    await expectInvalid(() => trainer.predict(ids(negative)), 'inputs.data[0]', /received -1\. Negative ids are refused: .*nn\.Embedding/);
    await expectInvalid(
      () => trainer.evaluate({ inputs: ids(past), targets: labels() }),
      'data.inputs.data[7]',
      /expected an id in \[0, 49\]/,
    );
    await expectInvalid(
      () => trainer.step({ input: { data: Float32Array.from(f.ids.data), dims: f.ids.dims } as never, target: labels() }),
      'batch.input.data',
      /expected token ids: an Int32Array or a BigInt64Array \(the model's input "ids" is int64\), received Float32Array/,
    );
    await expectInvalid(() => trainer.step({ input: ids(f.ids.data.slice(0, 20), [4, 5]), target: labels() }), 'batch.input.dims', /\[batch, 6\]/);
    // Nothing ran: the trainer still takes a valid batch as its first step.
    expect((await trainer.step({ input: ids(), target: labels() })).step).toBe(1);
  });
});
