// Which initializers train: by default the float32 ones the output reaches through differentiable
// paths (never BatchNorm running statistics or shape constants); `trainable` and `frozen` narrow
// that down by name, prefix, RegExp or predicate. Also: what losskit says about models it cannot
// train (an opset outside its range, operators without gradient rules).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder, InvalidOptionError, type Model, ModelFormatError, UnsupportedOperatorError, type Value, attr, decodeModel, encodeModel } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { createTrainer, sgd } from '../src/index';
import { mse } from './support/models';

const DIR = join(import.meta.dirname, 'fixtures', 'pytorch');
const resnet = readFileSync(join(DIR, 'resnet-opset17.onnx'));
const classifier = readFileSync(join(DIR, 'classifier-opset13.onnx'));
const ALL = ['conv1.weight', 'bn1.weight', 'bn1.bias', 'conv2.weight', 'bn2.weight', 'bn2.bias', 'proj.weight', 'fc.weight', 'fc.bias'];

async function names(options: Record<string, unknown>): Promise<readonly string[]> {
  const trainer = await createTrainer({ model: resnet, loss: mse(), provider: 'cpu', ...options });
  const result = trainer.parameterNames;
  await trainer.release();
  return result;
}

describe('[node:cpu] trainable parameters', () => {
  it('default: every float initializer on a differentiable path, without running statistics or shape constants', async () => {
    expect(await names({})).toEqual(ALL);
  });

  it('trainable by prefix, by list, by RegExp and by predicate', async () => {
    expect(await names({ trainable: 'fc.' })).toEqual(['fc.weight', 'fc.bias']);
    expect(await names({ trainable: ['bn', 'fc.bias'] })).toEqual(['bn1.weight', 'bn1.bias', 'bn2.weight', 'bn2.bias', 'fc.bias']);
    expect(await names({ trainable: /weight$/ })).toEqual(ALL.filter((n) => n.endsWith('weight')));
    expect(await names({ trainable: (n: string) => n.startsWith('proj') })).toEqual(['proj.weight']);
  });

  it('frozen removes what trainable keeps', async () => {
    expect(await names({ frozen: ['conv1.', 'bn1.'] })).toEqual(ALL.slice(3));
    expect(await names({ trainable: 'bn', frozen: 'bn1.' })).toEqual(['bn2.weight', 'bn2.bias']);
  });

  it('a name or prefix that matches no parameter is an InvalidOptionError listing the candidates', async () => {
    const error = await createTrainer({ model: resnet, loss: mse(), provider: 'cpu', frozen: ['layer4.'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(String(error)).toMatch(/frozen.*conv1\.weight.*"layer4\.", which matches none/);
    await expect(createTrainer({ model: resnet, loss: mse(), provider: 'cpu', trainable: 3 as never })).rejects.toThrowError(/trainable/);
  });

  it('frozen layers keep their values while the others train; running statistics still update', async () => {
    const trainer = await createTrainer({ model: resnet, loss: mse(), provider: 'cpu', optimizer: sgd({ lr: 0.1 }), frozen: ['conv1.', 'bn1.'] });
    const x = { data: Float32Array.from({ length: 4 * 3 * 6 * 6 }, (_, i) => Math.sin(i)), dims: [4, 3, 6, 6] };
    await trainer.step({ input: x, target: { data: new Float32Array(12).fill(0.5), dims: [4, 3] } });
    const exported = decodeModel(await trainer.exportOnnx());
    const original = decodeModel(resnet);
    const value = (m: typeof original, name: string) => m.graph.initializers.find((t) => t.name === name)!.data as Float32Array;
    expect(value(exported, 'conv1.weight')).toEqual(value(original, 'conv1.weight'));
    expect(value(exported, 'conv2.weight')).not.toEqual(value(original, 'conv2.weight'));
    expect(value(exported, 'bn1.running_mean')).not.toEqual(value(original, 'bn1.running_mean'));
    // Exported in inference form: no training_mode, one output per BatchNormalization.
    for (const node of exported.graph.nodes.filter((n) => n.op === 'BatchNormalization')) {
      expect(node.outputs).toHaveLength(1);
      expect(node.attributes.training_mode).toBeUndefined();
    }
    expect(exported.opsetImports).toEqual(original.opsetImports);
    await trainer.release();
  });
});

/** y = (x * w + b) * scale, with w and b declared parameters and `scale` made by the caller. */
function scaledModel(scale: (g: GraphBuilder) => Value): Model {
  const g = new GraphBuilder('scaled');
  const x = g.input('x', 'float32', [1, 2]);
  const w = g.parameter('w', 'float32', [2], Float32Array.of(0.5, -0.25));
  const b = g.parameter('b', 'float32', [2], Float32Array.of(0.1, 0.2));
  g.output(g.mul(g.add(g.mul(x, w), b), scale(g)), 'y');
  return g.toModel();
}

/** y = Clip(x * w, lower), with the lower bound made by the caller. */
function clippedModel(lower: (g: GraphBuilder) => Value): Model {
  const g = new GraphBuilder('clipped');
  const x = g.input('x', 'float32', [1, 4]);
  const w = g.parameter('w', 'float32', [4], Float32Array.of(1, 1, 1, 1));
  g.output(g.clip(g.mul(x, w), lower(g)), 'y');
  return g.toModel();
}

const initializer = (model: Model, name: string) => Array.from(model.graph.initializers.find((t) => t.name === name)!.data as Float32Array);

describe('[node:cpu] constants and parameters of GraphBuilder models', () => {
  const batch = { input: { data: Float32Array.of(1.5, -2), dims: [1, 2] }, target: { data: Float32Array.of(0, 1), dims: [1, 2] } };

  it('a scalar constant in a layer is not a parameter: only the weights train, the constant is unchanged', async () => {
    const model = scaledModel((g) => g.constant(2));
    const constant = model.graph.initializers.find((t) => t.trainable === false)!;
    const trainer = await createTrainer({ model, loss: mse(), provider: 'cpu', optimizer: sgd({ lr: 0.1 }) });
    expect(trainer.parameterNames).toEqual(['w', 'b']);
    await trainer.step(batch);
    // By hand: z = x w + b = [0.85, 0.7], y = 2 z = [1.7, 1.4]; mean squared error over 2 cells, so
    // dL/dy = y - t = [1.7, 0.4], dL/dz = 2 dL/dy = [3.4, 0.8], dL/dw = x dL/dz = [5.1, -1.6].
    const after = await trainer.parameters();
    Array.from(after.w!).forEach((v, i) => expect(v).toBeCloseTo([0.5 - 0.51, -0.25 + 0.16][i]!, 6));
    Array.from(after.b!).forEach((v, i) => expect(v).toBeCloseTo([0.1 - 0.34, 0.2 - 0.08][i]!, 6));
    await trainer.step(batch);
    await trainer.step(batch);
    const exported = decodeModel(await trainer.exportOnnx());
    expect(initializer(exported, constant.name)).toEqual([2]);
    expect(initializer(exported, 'w')).not.toEqual([0.5, -0.25]);
    await trainer.release();
  });

  it('a scalar initializer declared neither way trains, as one decoded from a file does', async () => {
    const model = scaledModel((g) => g.initializer('scale', 'float32', [], Float32Array.of(2)));
    const trainer = await createTrainer({ model, loss: mse(), provider: 'cpu', optimizer: sgd({ lr: 0.1 }) });
    expect(trainer.parameterNames).toEqual(['w', 'b', 'scale']);
    await trainer.step(batch);
    // dL/dscale = Σ z dL/dy = 0.85 * 1.7 + 0.7 * 0.4 = 1.725.
    expect((await trainer.parameters()).scale![0]).toBeCloseTo(2 - 0.1725, 6);
    await trainer.release();
  });

  it("Clip's bound trains only when the model declares it a parameter", async () => {
    expect(await names({ model: clippedModel((g) => g.parameter('lower', 'float32', [], Float32Array.of(0))) })).toEqual(['w', 'lower']);
    // Undeclared, as in a decoded ReLU6: a setting, not a weight.
    expect(await names({ model: clippedModel((g) => g.initializer('lower', 'float32', [], Float32Array.of(0))) })).toEqual(['w']);
    expect(await names({ model: clippedModel((g) => g.constant(0)) })).toEqual(['w']);
  });

  it('a declared bound gets its gradient: where it is the active one, it moves toward the target', async () => {
    const model = clippedModel((g) => g.parameter('lower', 'float32', [], Float32Array.of(0)));
    const trainer = await createTrainer({ model, loss: mse(), provider: 'cpu', optimizer: sgd({ lr: 0.5 }) });
    // x w = [-1, -2, 3, 4]: the bound is active in the first two cells, y = [0, 0, 3, 4].
    await trainer.step({ input: { data: Float32Array.of(-1, -2, 3, 4), dims: [1, 4] }, target: { data: Float32Array.of(1, 1, 3, 4), dims: [1, 4] } });
    // dL/dlower = Σ over active cells 2 (y - t) / 4 = -1, so lower = 0 - 0.5 * (-1).
    expect((await trainer.parameters()).lower![0]).toBeCloseTo(0.5, 6);
    await trainer.release();
  });

  it('undeclared running statistics and Resize scales (a decoded model) are not parameters', async () => {
    const g = new GraphBuilder('decoded-like');
    const x = g.input('x', 'float32', [1, 3, 2, 2]);
    const stat = (name: string, v: number) => g.initializer(name, 'float32', [3], new Float32Array(3).fill(v));
    const normalised = g.batchNormalization(x, stat('bn.weight', 1), stat('bn.bias', 0), stat('bn.running_mean', 0), stat('bn.running_var', 1));
    const scales = g.initializer('scales', 'float32', [4], Float32Array.of(1, 1, 2, 2));
    g.output(g.addNode('Resize', [normalised, undefined, scales], { mode: attr.string('nearest') })[0]!, 'y');
    const trainer = await createTrainer({ model: encodeModel(g.toModel()), loss: mse(), provider: 'cpu' });
    expect(trainer.parameterNames).toEqual(['bn.weight', 'bn.bias']);
    await trainer.release();
  });
});

const makeResnetTrainer = () => createTrainer({ model: resnet, loss: mse(), provider: 'cpu', optimizer: sgd({ lr: 0.1 }) });

describe('[node:cpu] running statistics', () => {
  it('a checkpoint carries them: a restored trainer continues exactly where the first one was', async () => {
    const x = { data: Float32Array.from({ length: 4 * 3 * 6 * 6 }, (_, i) => Math.cos(i)), dims: [4, 3, 6, 6] };
    const batch = { input: x, target: { data: new Float32Array(12).fill(0.2), dims: [4, 3] } };
    const first = await makeResnetTrainer();
    for (let i = 0; i < 3; i++) await first.step(batch);
    const checkpoint = await first.saveCheckpoint();
    const restored = await makeResnetTrainer();
    await restored.loadCheckpoint(checkpoint);
    // predict uses the running statistics: equal predictions mean equal statistics.
    expect((await restored.predict(x)).data).toEqual((await first.predict(x)).data);
    expect((await restored.step(batch)).loss).toBe((await first.step(batch)).loss);
    await Promise.all([first.release(), restored.release()]);
  });
});

describe('[node:cpu] models losskit cannot train', () => {
  it('an opset outside 7..21 is a ModelFormatError naming the opset and the operators', async () => {
    const model = decodeModel(classifier);
    const newer = encodeModel({ ...model, opsetImports: [{ domain: '', version: 22 }] });
    const error = await createTrainer({ model: newer, loss: mse(), provider: 'cpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect(String(error)).toMatch(/opset 22; losskit reads opsets 7 to 21, so it cannot interpret its operators BatchNormalization, Conv, Flatten, Gemm, MaxPool, Relu/);
  });

  it('operators without a gradient rule are listed once each, with the names of their nodes', async () => {
    const g = new GraphBuilder('unsupported');
    const x = g.input('x', 'float32', [2, 4]);
    const w = g.initializer('w', 'float32', [4], new Float32Array(4).fill(0.5));
    const a = g.addNode('Cos', [g.mul(x, w)], {}, { name: '/layer1/Cos' })[0]!;
    const b = g.addNode('Sin', [a], {}, { name: '/layer2/Sin' })[0]!;
    const c = g.addNode('Cos', [b], {}, { name: '/layer3/Cos' })[0]!;
    g.output(g.addNode('Mish', [c], {}, { name: '/act/Mish' })[0]!, 'y');
    const trainer = await createTrainer({ model: g.toModel(), loss: mse(), provider: 'cpu' });
    const batch = { input: { data: new Float32Array(8), dims: [2, 4] }, target: { data: new Float32Array(8), dims: [2, 4] } };
    const error = await trainer.step(batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperatorError);
    expect((error as UnsupportedOperatorError).operators).toEqual(['Cos', 'Mish', 'Sin']);
    expect((error as Error).message).toBe(
      'No gradient rule for operators on the path being differentiated: Cos ("/layer1/Cos", "/layer3/Cos"), Mish ("/act/Mish"), Sin ("/layer2/Sin")',
    );
    await trainer.release();
  });
});
