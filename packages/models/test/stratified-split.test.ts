import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { digits, stratifiedSplit } from '../src/index';

const countsOf = (labels: Int32Array) => {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l]!++;
  return counts;
};

describe('stratifiedSplit', () => {
  const all = digits();

  it('holds out round(n / 4) of each digit: 451 of 1797', () => {
    const { train, heldOut, trainIndices, heldOutIndices } = stratifiedSplit(all, { seed: 1 });
    // 178/4 = 44.5 -> 45, 182/4 = 45.5 -> 46, 177/4 = 44.25 -> 44, ... (Math.round: halves up).
    expect(countsOf(heldOut.labels.data)).toEqual([45, 46, 44, 46, 45, 46, 45, 45, 44, 45]);
    expect(countsOf(train.labels.data)).toEqual([133, 136, 133, 137, 136, 136, 136, 134, 130, 135]);
    expect([trainIndices.length, heldOutIndices.length]).toEqual([1346, 451]);
    expect(train.images.dims).toEqual([1346, 1, 8, 8]);
    expect(heldOut.images.dims).toEqual([451, 1, 8, 8]);
    expect(heldOut.labels.dims).toEqual([451]);
  });

  it('puts every example in exactly one part, in input order, with its own image and label', () => {
    const { train, heldOut, trainIndices, heldOutIndices } = stratifiedSplit(all, { seed: 1 });
    expect([...trainIndices, ...heldOutIndices].toSorted((a, b) => a - b)).toEqual(Array.from({ length: 1797 }, (_, i) => i));
    expect(trainIndices).toEqual(trainIndices.toSorted((a, b) => a - b));
    expect(heldOutIndices).toEqual(heldOutIndices.toSorted((a, b) => a - b));
    for (const k of [0, 100, 450]) {
      const i = heldOutIndices[k]!;
      expect(heldOut.labels.data[k]).toBe(all.labels.data[i]);
      expect(heldOut.images.data.subarray(k * 64, (k + 1) * 64)).toEqual(all.images.data.subarray(i * 64, (i + 1) * 64));
    }
    const j = trainIndices[700]!;
    expect(train.images.data.subarray(700 * 64, 701 * 64)).toEqual(all.images.data.subarray(j * 64, (j + 1) * 64));
  });

  it('is the same for the same seed and differs between seeds', () => {
    expect(stratifiedSplit(all, { seed: 3 }).heldOutIndices).toEqual(stratifiedSplit(all, { seed: 3 }).heldOutIndices);
    expect(stratifiedSplit(all, { seed: 3 }).heldOutIndices).not.toEqual(stratifiedSplit(all, { seed: 4 }).heldOutIndices);
  });

  it('keeps a class of one example for training and holds out at least one of a class of two', () => {
    const data = { images: { data: new Float32Array(5), dims: [5, 1, 1, 1] as [number, number, number, number] }, labels: { data: Int32Array.of(0, 1, 1, 2, 2), dims: [5] as [number] } };
    const { heldOutIndices } = stratifiedSplit(data, { heldOutFraction: 0.1 });
    expect(heldOutIndices.length).toBe(2);
    expect(heldOutIndices).not.toContain(0);
    // With 0.9 a class of two still keeps one example to train on.
    expect(stratifiedSplit(data, { heldOutFraction: 0.9 }).heldOutIndices.length).toBe(2);
  });

  it('refuses labels that are not one Int32 class index per image, and bad options', () => {
    const images = all.images;
    expect(() => stratifiedSplit({ images, labels: { data: Float32Array.from(all.labels.data) as never, dims: [1797] } })).toThrowError(InvalidInputError);
    expect(() => stratifiedSplit({ images, labels: { data: Float32Array.from(all.labels.data) as never, dims: [1797] } })).toThrowError(
      'Invalid data.labels.data: expected an Int32Array of class indices',
    );
    expect(() => stratifiedSplit({ images, labels: { data: all.labels.data.subarray(1), dims: [1796] } })).toThrowError(
      'Invalid data.labels.data: expected 1797 labels, one per image (data.images.dims[0]), received 1796 labels',
    );
    expect(() => stratifiedSplit(all, { heldOutFraction: 1 })).toThrowError(InvalidOptionError);
    expect(() => stratifiedSplit(all, { heldOutFraction: 1 })).toThrowError('stratifiedSplit.heldOutFraction');
  });
});
