// A person's own loss is compiled with defineLossPlugin and checked with the test kit's checks
// before it trains; what a row then feeds it follows its declared inputs. Here on Node's cpu
// provider; the page runs the same code on WebGPU or WASM.
import { defineLossPlugin } from '@losskit/core';
import { convAutoencoder, syntheticImages } from '@losskit/models';
import { createTrainer, sgd } from '@losskit/train';
import { describe, expect, it } from 'vitest';
import { compileCustomLoss } from '../src/custom/compile';
import { checkCustomLoss } from '../src/custom/check';
import { CUSTOM_EXAMPLES } from '../src/custom/examples';
import { brightestChannel, levels, trainingLoss } from '../src/worker/training-loss';

const check = (code: string, reference = '') => {
  const { plugin, withReference } = compileCustomLoss({ code, reference });
  return checkCustomLoss(plugin, 'cpu', 16, withReference);
};
const exampleById = (id: string) => CUSTOM_EXAMPLES.find((e) => e.id === id)!;

describe('custom losses', () => {
  it.each(CUSTOM_EXAMPLES.filter((e) => e.id !== 'broken').map((e) => [e.id, e] as const))('example "%s" passes every check', async (_, example) => {
    expect(await check(example.code, example.reference)).toMatch(/^checks passed on cpu: builds for \[2, 3, 8, 8\], output \[[\d, ]+\], gradient matches/);
  });

  it('the broken example names the op and the shapes', async () => {
    const broken = CUSTOM_EXAMPLES.find((e) => e.id === 'broken')!;
    await expect(check(broken.code)).rejects.toThrow(
      'It does not build for a prediction of [2, 3, 8, 8]: Sub: shapes [2, 3, 8, 8] and [2, 8, 8, 3] are not broadcastable',
    );
  });

  it('refuses code that is not a function, or returns no graph value', async () => {
    expect(() => compileCustomLoss({ code: '(g, p, t) =>', reference: '' })).toThrow(/^The loss is not valid JavaScript: /);
    expect(() => compileCustomLoss({ code: '42', reference: '' })).toThrow('The loss must be a function such as (g, p, t) => ..., got number');
    expect(() => compileCustomLoss({ code: '({ elementwise: 1 })', reference: '' })).toThrow("A definition's elementwise must be a function such as (g, p, t, inputs) => ..., got number");
    expect(() => compileCustomLoss({ code: '({ elementwise: (g, p) => p, target: 1 })', reference: '' })).toThrow('A definition has the keys inputs, elementwise, reference; this one also has target');
    expect(() => compileCustomLoss({ code: ' ', reference: '' })).toThrow('The loss is empty');
    await expect(check('(g, p, t) => 1')).rejects.toThrow('The loss must return a graph value (the result of a g.* call), got number');
  });

  it('catches a reference that disagrees with the graph, in value or in dims', async () => {
    const l1 = '(g, p, t) => g.abs(g.sub(p, t))';
    await expect(check(l1, '(p, t) => ({ data: p.data.map((v, i) => (v - t.data[i]) ** 2), dims: p.dims })')).rejects.toThrow(/^The graph gives [\d.]+, the reference [\d.]+/);
    await expect(check(l1, '(p, t) => ({ data: [1], dims: [1] })')).rejects.toThrow("The reference's output has dims [1], the graph's [2, 3, 8, 8]");
  });

  it.each([true, false])('catches a gradient that does not match finite differences (with a reference: %s)', async (withReference) => {
    // A person's code cannot give a gradient; autodiff can still be wrong for some composition.
    // A plugin with a wrong closed-form gradient stands in for that case.
    const wrong = defineLossPlugin({
      name: 'wrong-gradient',
      description: 'L1 with three times its gradient.',
      options: {},
      create: () => ({
        elementwise: (g, p, t) => g.abs(g.sub(p, t)),
        gradient: (g, p, t, dLoss) => g.mul(g.where(g.greater(p, t), dLoss, g.neg(dLoss)), 3),
        reference: (p, t) => ({ data: p.data.map((v, i) => Math.abs(v - t.data[i]!)), dims: p.dims }),
      }),
    });
    await expect(checkCustomLoss(wrong(), 'cpu', 16, withReference)).rejects.toThrow(/^Its gradient is wrong: gradient on cpu vs finite differences: max \|g - fd\| \/ max\|fd\| = 2\.0\de\+0/);
  });
});

describe('custom losses that declare their inputs (contract v2)', () => {
  const dims = [4, 3, 8, 8] as const;

  it('checks a regularizer without a target on random predictions alone', async () => {
    expect(await check(exampleById('smooth').code)).toMatch(/^checks passed on cpu: builds for \[2, 3, 8, 8\], output \[2, 3, 1, 1\], gradient matches float32 finite differences at 24 points; inputs: none$/);
  });

  it('checks an integer target on values in its declared range, against its reference', async () => {
    const { plugin, withReference } = compileCustomLoss(exampleById('levels'));
    expect(withReference, 'the definition carries its reference').toBe(true);
    expect(plugin.inputs!.target!.type).toBe('integer');
    expect(await checkCustomLoss(plugin, 'cpu', 16, withReference)).toMatch(/gradient matches float64 reference finite differences at 24 points; inputs: target integer \[2, 3, 8, 8\]$/);
  });

  it('checks other declared inputs, with the dims their rules give', async () => {
    // A per-image threshold: an input of its own name and dims.
    const code = `({
      inputs: { level: { type: 'float', dims: (d) => [d[0], 1, 1, 1], description: 'a level per image' } },
      elementwise: (g, p, t, inputs) => g.abs(g.sub(p, inputs.level)),
    })`;
    expect(await check(code)).toMatch(/inputs: level float \[2, 1, 1, 1\]$/);
  });

  it('refuses a declaration defineLossPlugin refuses, in its words', () => {
    expect(() => compileCustomLoss({ code: "({ inputs: { target: { type: 'complex', description: 'x' } }, elementwise: (g, p) => p })", reference: '' })).toThrow(
      /^The inputs are not a valid declaration: Invalid option custom\.inputs\.target\.type: expected "float" or "integer"/,
    );
  });

  it('feeds a row the photo, its 8-bit levels or its brightest channels, as the target declares', () => {
    const images = { data: Float32Array.from({ length: 2 * 3 * 1 * 2 }, (_, i) => [0, 1, 0.6, 0.2, 0.8, 0.35, 0.25, 0.12, 0, 0.75, 0.2, 0.4][i]!), dims: [2, 3, 1, 2] as const };
    // Image 0: r = [0, 1], g = [0.6, 0.2], b = [0.8, 0.35]; image 1: r = [0.25, 0.12], g = [0, 0.75], b = [0.2, 0.4].
    // round(255 v), by hand (no value sits near a half).
    expect(levels(images)).toEqual({ data: Int32Array.from([0, 255, 153, 51, 204, 89, 64, 31, 0, 191, 51, 102]), dims: [2, 3, 1, 2] });
    expect(brightestChannel(images)).toEqual({ data: Int32Array.from([2, 0, 0, 1]), dims: [2, 1, 2] });
    const float = compileCustomLoss({ code: '(g, p, t) => g.abs(g.sub(p, t))', reference: '' }).plugin;
    expect(trainingLoss(float, dims).target(images as never)).toBe(images);
    expect(trainingLoss(compileCustomLoss(exampleById('levels')).plugin, dims).target).toBe(levels);
    const classes = `({
      inputs: { target: { type: 'integer', dims: (d) => [d[0], d[2], d[3]], range: () => ({ min: 0, max: 2, description: 'a channel' }), description: 'the brightest channel' } },
      elementwise: (g, p, t) => g.abs(g.sub(g.reduceMean(p, { axes: [1] }), g.cast(t, 'float32'))),
    })`;
    expect(trainingLoss(compileCustomLoss({ code: classes, reference: '' }).plugin, dims).target).toBe(brightestChannel);
  });

  it('says which inputs a row can feed when a loss takes others', () => {
    const pair = compileCustomLoss({ code: "({ inputs: { positive: { type: 'float', description: 'x' }, negative: { type: 'float', description: 'y' } }, elementwise: (g, p, t, i) => g.sub(i.positive, i.negative) })", reference: '' }).plugin;
    expect(() => trainingLoss(pair, dims)).toThrow(/a float target \(the photo\).*; this one takes positive \(float \[4, 3, 8, 8\]\), negative \(float \[4, 3, 8, 8\]\)$/);
  });

  it('trains a regularizer alone and an integer target on the cpu provider, one step each', async () => {
    const images = syntheticImages({ count: 2, size: 8, seed: 3 });
    for (const id of ['smooth', 'levels']) {
      const { plugin, target } = trainingLoss(compileCustomLoss(exampleById(id)).plugin, images.dims);
      const trainer = await createTrainer({ model: convAutoencoder({ size: 8 }), loss: plugin, optimizer: sgd({ lr: 0.01 }), provider: 'cpu' });
      try {
        const { loss } = await trainer.step({ input: images, target: target(images) });
        expect(Number.isFinite(loss) && loss > 0, `${id}: loss ${loss}`).toBe(true);
      } finally {
        await trainer.release();
      }
    }
  });
});
