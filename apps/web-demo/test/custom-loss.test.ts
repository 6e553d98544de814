// A person's own loss is compiled with defineLossPlugin and checked with the test kit's checks
// before it trains. Here on Node's cpu provider; the page runs the same code on WebGPU or WASM.
import { defineLossPlugin } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { compileCustomLoss, hasReference } from '../src/custom/compile';
import { checkCustomLoss } from '../src/custom/check';
import { CUSTOM_EXAMPLES } from '../src/custom/examples';

const check = (code: string, reference = '') => {
  const source = { code, reference };
  return checkCustomLoss(compileCustomLoss(source), 'cpu', 16, hasReference(source));
};

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
