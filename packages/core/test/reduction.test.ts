import { GraphBuilder, encodeModel } from '@losskit/graph';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { type Reduction, applyReduction, referenceReduction } from '../src/index';

// A 2x3 elementwise loss and weights of dims [2, 1] broadcast over it:
//   l = [[1, 2, 3],      w = [[2],
//        [4, 5, 6]]           [0]]
// w*l = [[2, 4, 6], [0, 0, 0]]; Σ w*l = 12; numel(l) = 6; Σ w broadcast = 2*3 + 0*3 = 6;
// count(w != 0) broadcast = 3.
const loss = { data: Float64Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] };
const weights = { data: Float64Array.of(2, 0), dims: [2, 1] };
const handComputed: Record<Reduction, { weighted: number[]; unweighted: number[] }> = {
  none: { weighted: [2, 4, 6, 0, 0, 0], unweighted: [1, 2, 3, 4, 5, 6] },
  sum: { weighted: [12], unweighted: [21] },
  mean: { weighted: [12 / 6], unweighted: [21 / 6] },
  weighted_mean: { weighted: [12 / 6], unweighted: [21 / 6] },
  sum_by_nonzero_weights: { weighted: [12 / 3], unweighted: [21 / 6] },
};

async function runReduction(reduction: Reduction, withWeights: boolean): Promise<number[]> {
  const g = new GraphBuilder();
  const l = g.input('l', 'float32', [2, 3]);
  const w = withWeights ? g.input('w', 'float32', [2, 1]) : undefined;
  g.output(applyReduction(g, l, w, reduction), 'out');
  const session = await ort.InferenceSession.create(encodeModel(g.toModel()), { executionProviders: ['cpu'] });
  const feeds: Record<string, ort.Tensor> = { l: new ort.Tensor('float32', Float32Array.from(loss.data), [2, 3]) };
  if (withWeights) feeds.w = new ort.Tensor('float32', Float32Array.from(weights.data), [2, 1]);
  const result = await session.run(feeds);
  await session.release();
  return Array.from(result.out!.data as Float32Array);
}

describe('reductions', () => {
  for (const [reduction, expected] of Object.entries(handComputed) as [Reduction, (typeof handComputed)[Reduction]][]) {
    it(`${reduction}: float64 reference equals the hand computation`, () => {
      expect(Array.from(referenceReduction(loss, weights, reduction).data)).toEqual(expected.weighted);
      expect(Array.from(referenceReduction(loss, undefined, reduction).data)).toEqual(expected.unweighted);
    });

    it(`${reduction}: the ONNX graph equals the hand computation on cpu`, async () => {
      expect(await runReduction(reduction, true)).toEqual(expected.weighted.map(Math.fround));
      expect(await runReduction(reduction, false)).toEqual(expected.unweighted.map(Math.fround));
    });
  }

  it('gives 0, not NaN, when every weight is zero', async () => {
    const zero = { data: Float64Array.of(0, 0), dims: [2, 1] };
    expect(Array.from(referenceReduction(loss, zero, 'weighted_mean').data)).toEqual([0]);
    expect(Array.from(referenceReduction(loss, zero, 'sum_by_nonzero_weights').data)).toEqual([0]);
    const g = new GraphBuilder();
    const l = g.input('l', 'float32', [2, 3]);
    const w = g.input('w', 'float32', [2, 1]);
    g.output(applyReduction(g, l, w, 'weighted_mean'), 'a');
    g.output(applyReduction(g, l, w, 'sum_by_nonzero_weights'), 'b');
    const session = await ort.InferenceSession.create(encodeModel(g.toModel()), { executionProviders: ['cpu'] });
    const result = await session.run({
      l: new ort.Tensor('float32', Float32Array.from(loss.data), [2, 3]),
      w: new ort.Tensor('float32', new Float32Array(2), [2, 1]),
    });
    await session.release();
    expect(result.a!.data[0]).toBe(0);
    expect(result.b!.data[0]).toBe(0);
  });
});
