// splitPhotos on photos whose every pixel says which photo it is (photo k is filled with k / 10),
// so each output image shows where it came from; and a photo in three vertical bands, whose
// centered square is exactly its middle band.
import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { type ChwImage, splitPhotos } from '../src/index';

/** A 3-channel photo of `height x width` filled with `value`. */
function flat(value: number, height = 20, width = 30): ChwImage {
  return { data: new Float32Array(3 * height * width).fill(value), dims: [3, height, width] };
}

/** The photo each image of a batch comes from: images are constant, photo k holds k / 10. */
function sources(batch: { data: Float32Array; dims: readonly number[] }): number[] {
  const per = batch.data.length / batch.dims[0]!;
  return Array.from({ length: batch.dims[0]! }, (_, i) => {
    const image = batch.data.subarray(i * per, (i + 1) * per);
    expect(Math.max(...image) - Math.min(...image), `image ${i} is one photo's colour`).toBeLessThan(1e-6);
    return Math.round(image[0]! * 10);
  });
}

describe('splitPhotos', () => {
  const photos = Array.from({ length: 10 }, (_, k) => flat(k / 10));

  it('holds a quarter of the photos out: the held-out images show each of them whole, then crops of them only', () => {
    const split = splitPhotos(photos, { size: 8, train: 40, heldOut: 12, seed: 1 });
    expect(split.heldOutPhotos).toHaveLength(3);
    expect([...split.trainPhotos, ...split.heldOutPhotos].toSorted((a, b) => a - b)).toEqual(photos.map((_, k) => k));
    expect(split.train.dims).toEqual([40, 3, 8, 8]);
    expect(split.heldOut.dims).toEqual([12, 3, 8, 8]);
    expect(split.wholePhotos).toBe(3);
    const held = sources(split.heldOut);
    expect(held.slice(0, 3), 'the first images are the held-out photos, in order').toEqual(split.heldOutPhotos);
    for (const k of held.slice(3)) expect(split.heldOutPhotos).toContain(k);
    const trained = sources(split.train);
    for (const k of trained) expect(split.trainPhotos).toContain(k);
    expect(new Set(trained).size, 'the training crops come from several photos').toBeGreaterThan(3);
  });

  it('shows a whole photo as its centered square', () => {
    // 30 wide, 10 high: bands of 0.2, 0.5 and 0.9; the centered 10x10 square is the middle band.
    const banded = flat(0, 10, 30);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 10; y++) for (let x = 0; x < 30; x++) banded.data[c * 300 + y * 30 + x] = x < 10 ? 0.2 : x < 20 ? 0.5 : 0.9;
    // Every photo banded alike: whichever is held out, its whole image is the middle band.
    const split = splitPhotos([banded, banded, banded, banded], { size: 5, train: 1, heldOut: 1 });
    expect(split.wholePhotos).toBe(1);
    for (const v of split.heldOut.data) expect(v).toBeCloseTo(0.5, 6);
  });

  it('holds nothing out below minPhotos: both parts are crops of every photo, drawn with other seeds', () => {
    const few = photos.slice(0, 3);
    const split = splitPhotos(few, { size: 4, train: 30, heldOut: 30, seed: 2 });
    expect(split.heldOutPhotos).toEqual([]);
    expect(split.trainPhotos).toEqual([0, 1, 2]);
    expect(split.wholePhotos).toBe(0);
    expect(new Set(sources(split.heldOut))).toEqual(new Set([0, 1, 2]));
    expect(sources(split.heldOut)).not.toEqual(sources(split.train));
    expect(splitPhotos(few, { size: 4, train: 3, heldOut: 3, minPhotos: 3 }).heldOutPhotos).toHaveLength(1);
  });

  it('is deterministic for a seed', () => {
    const a = splitPhotos(photos, { size: 4, train: 5, heldOut: 5, seed: 7 });
    const b = splitPhotos(photos, { size: 4, train: 5, heldOut: 5, seed: 7 });
    expect(b).toEqual(a);
  });

  it('refuses bad options and no photos by name', () => {
    expect(() => splitPhotos([], {})).toThrow(InvalidInputError);
    expect(() => splitPhotos(photos, { minPhotos: 1 })).toThrow(InvalidOptionError);
    expect(() => splitPhotos(photos, { minPhotos: 1 })).toThrow(/splitPhotos\.minPhotos/);
    expect(() => splitPhotos(photos, { train: 0 })).toThrow(/splitPhotos\.train/);
    expect(() => splitPhotos(photos, { heldOutFraction: 1 })).toThrow(/splitPhotos\.heldOutFraction/);
    expect(() => splitPhotos([{ data: new Float32Array(2), dims: [3, 2, 2] }])).toThrow(/photos\[0\]\.data/);
  });
});
