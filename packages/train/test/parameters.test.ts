// Which initializers train: by default the float32 ones the output reaches through differentiable
// paths (never BatchNorm running statistics or shape constants); `trainable` and `frozen` narrow
// that down by name, prefix, RegExp or predicate. Also: what losskit says about models it cannot
// train (an opset outside its range, operators without gradient rules).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder, InvalidOptionError, ModelFormatError, UnsupportedOperatorError, decodeModel, encodeModel } from '@losskit/graph';
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
