// l1() through createLossSession in Node, checked against the float64 reference for every
// reduction with and without broadcast weights, on every Node provider that runs here.
import { InvalidInputError, ReleasedError, referenceLoss } from '@losskit/core';
import { l1 } from './support/l1-plugin';
import { type ProviderName, createLossSession } from '@losskit/runtime';
import { describe, expect, it } from 'vitest';
import { l1Cases, maxRelativeError } from './support/cases';
import { nodeWebGpu } from './support/providers';

const TOLERANCE: Record<string, number> = { cpu: 1e-6, webgpu: 1e-5 };
const webgpu = await nodeWebGpu();

for (const provider of ['cpu', 'webgpu'] as ProviderName[]) {
  const skip = provider === 'webgpu' && !webgpu.available;
  describe.skipIf(skip)(`[node:${provider}] l1 matches the float64 reference${skip ? ` (skipped: ${webgpu.reason})` : ''}`, () => {
    for (const testCase of l1Cases()) {
      it(`[node:${provider}] ${testCase.label}`, async () => {
        const session = await createLossSession(l1(), { provider, reduction: testCase.reduction });
        const inputs = {
          prediction: { data: Float32Array.from(testCase.prediction), dims: testCase.dims },
          target: { data: Float32Array.from(testCase.target), dims: testCase.dims },
          ...(testCase.weights ? { weights: { data: Float32Array.from(testCase.weights.data), dims: testCase.weights.dims } } : {}),
        };
        const result = await session.run(inputs);
        await session.release();
        const expected = referenceLoss(l1(), inputs, testCase.reduction);
        expect(result.provider).toBe(provider);
        expect(result.lossDims).toEqual(expected.dims);
        expect(maxRelativeError(result.loss, expected.data)).toBeLessThanOrEqual(TOLERANCE[provider]!);
      });
    }
  });
}

describe('[node:cpu] loss sessions', () => {
  const ones = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1), dims });

  it('builds one graph per input dims and reuses it', async () => {
    const session = await createLossSession(l1(), { provider: 'cpu', reduction: 'sum', gradient: true });
    const small = await session.run({ prediction: ones([2, 2]), target: { data: Float32Array.of(0, 1, 2, 3), dims: [2, 2] } });
    const large = await session.run({ prediction: ones([3, 3]), target: { data: new Float32Array(9), dims: [3, 3] } });
    const again = await session.run({ prediction: ones([2, 2]), target: { data: Float32Array.of(1, 1, 1, 1), dims: [2, 2] } });
    expect(Array.from(small.loss)).toEqual([1 + 0 + 1 + 2]);
    expect(Array.from(small.gradient!)).toEqual([1, 0, -1, -1]);
    expect(Array.from(large.loss)).toEqual([9]);
    expect(Array.from(again.loss)).toEqual([0]);
    await session.release();
    await expect(session.run({ prediction: ones([2]), target: ones([2]) })).rejects.toBeInstanceOf(ReleasedError);
  });

  it('checks inputs before ONNX Runtime sees them', async () => {
    const session = await createLossSession(l1(), { provider: 'cpu' });
    const cases: [string, Parameters<typeof session.run>[0], string][] = [
      ['dims mismatch', { prediction: ones([2, 3]), target: ones([3, 2]) }, "Invalid target.dims: expected [2, 3] (the prediction's dims), received [3, 2]"],
      ['data length', { prediction: { data: new Float32Array(5), dims: [2, 3] }, target: ones([2, 3]) }, 'Invalid prediction.data: expected 6 values for dims [2, 3], received 5 values'],
      ['weights that do not broadcast', { prediction: ones([2, 3]), target: ones([2, 3]), weights: ones([2]) }, 'Invalid weights.dims: expected dims that broadcast to the elementwise loss shape [2, 3], received [2]'],
      ['float64 data', { prediction: { data: new Float64Array(6) as never, dims: [2, 3] }, target: ones([2, 3]) }, 'Invalid prediction.data: expected a Float32Array, received Float64Array(6)'],
    ];
    for (const [, inputs, message] of cases) {
      await expect(session.run(inputs)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(session.run(inputs)).rejects.toThrowError(message);
    }
    await session.release();
  });

  it('returns the unreduced loss and its gradient for reduction none', async () => {
    const session = await createLossSession(l1(), { provider: 'cpu', reduction: 'none', gradient: true });
    const result = await session.run({
      prediction: { data: Float32Array.of(1, -2, 3), dims: [3] },
      target: { data: Float32Array.of(0, 0, 5), dims: [3] },
      weights: { data: Float32Array.of(2), dims: [1] },
    });
    // |1|*2, |-2|*2, |3-5|*2; gradient of Σ w*|p-t|: w*sign(p-t).
    expect(Array.from(result.loss)).toEqual([2, 4, 4]);
    expect(result.lossDims).toEqual([3]);
    expect(Array.from(result.gradient!)).toEqual([2, -2, -2]);
    await session.release();
  });
});
