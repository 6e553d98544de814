import { InvalidOptionError } from '@losskit/core';
import { InvalidInputError } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { batches, gatherSamples, sliceSamples, splitByItem, syntheticClasses, syntheticImages } from '../src/index';

/** Fraction of pixels whose channel spread (max - min over R, G, B) exceeds `threshold`. */
/** Bitwise equality of two float arrays (faster than a deep equal of 600k elements). */
function sameData(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function saturatedFraction(data: Float32Array, count: number, size: number, threshold: number): number {
  const plane = size * size;
  let saturated = 0;
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < plane; i++) {
      const base = n * 3 * plane + i;
      const [r, g, b] = [data[base]!, data[base + plane]!, data[base + 2 * plane]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > threshold) saturated++;
    }
  }
  return saturated / (count * plane);
}

describe('syntheticImages', () => {
  const images = syntheticImages({ count: 200, seed: 3 });

  it('is NCHW in [0, 1] with the requested dims', () => {
    expect(images.dims).toEqual([200, 3, 32, 32]);
    expect(images.data.length).toBe(200 * 3 * 32 * 32);
    expect(images.data.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('is strongly saturated: most pixels have a channel spread above 0.6', () => {
    const fraction = saturatedFraction(images.data, 200, 32, 0.6);
    expect(fraction).toBeGreaterThan(0.5);
  });

  it('covers every hue sector and has both dark and bright pixels in each channel', () => {
    // Pixels whose dominant channel is red, green or blue, and whose weakest one is each of them.
    const plane = 1024;
    const dominant = [0, 0, 0];
    const weakest = [0, 0, 0];
    for (let n = 0; n < 200; n++) {
      for (let i = 0; i < plane; i++) {
        const rgb = [0, 1, 2].map((c) => images.data[n * 3 * plane + c * plane + i]!);
        if (Math.max(...rgb) - Math.min(...rgb) < 0.6) continue;
        dominant[rgb.indexOf(Math.max(...rgb))]!++;
        weakest[rgb.indexOf(Math.min(...rgb))]!++;
      }
    }
    // Reds, greens, blues (dominant) and cyans, magentas, yellows (weakest channel) all appear in quantity.
    for (const c of [0, 1, 2]) {
      expect(dominant[c]! / (200 * plane), `dominant channel ${c}`).toBeGreaterThan(0.08);
      expect(weakest[c]! / (200 * plane), `weakest channel ${c}`).toBeGreaterThan(0.08);
    }
  });

  it('varies within images: most images have edges (neighbouring pixels that differ a lot)', () => {
    let withEdges = 0;
    for (let n = 0; n < 200; n++) {
      let edges = 0;
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 31; x++) {
          const i = n * 3072 + y * 32 + x;
          if (Math.abs(images.data[i]! - images.data[i + 1]!) > 0.3) edges++;
        }
      if (edges >= 4) withEdges++;
    }
    expect(withEdges / 200).toBeGreaterThan(0.8);
  });

  it('is deterministic, independent of count, and differs between seeds', () => {
    const again = syntheticImages({ count: 200, seed: 3 });
    expect(sameData(again.data, images.data)).toBe(true);
    const fewer = syntheticImages({ count: 10, seed: 3 });
    expect(sameData(fewer.data, images.data.subarray(0, 10 * 3072))).toBe(true);
    const other = syntheticImages({ count: 10, seed: 4 });
    const differing = other.data.filter((v, i) => Math.abs(v - images.data[i]!) > 1e-3).length;
    expect(differing / other.data.length).toBeGreaterThan(0.5);
  });

  it('draws the same scene at another size (geometry in unit coordinates)', () => {
    const small = syntheticImages({ count: 4, size: 16, seed: 3 });
    expect(small.dims).toEqual([4, 3, 16, 16]);
    // The 2x2 average of the 32-px image is close to the 16-px image on most pixels.
    let close = 0;
    for (let n = 0; n < 4; n++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 16; y++)
          for (let x = 0; x < 16; x++) {
            const big = (yy: number, xx: number) => images.data[n * 3072 + c * 1024 + yy * 32 + xx]!;
            const avg = (big(2 * y, 2 * x) + big(2 * y + 1, 2 * x) + big(2 * y, 2 * x + 1) + big(2 * y + 1, 2 * x + 1)) / 4;
            if (Math.abs(avg - small.data[n * 768 + c * 256 + y * 16 + x]!) < 0.1) close++;
          }
    expect(close / (4 * 768)).toBeGreaterThan(0.9);
  });

  it('gives BT.601 luma for one channel', () => {
    const grey = syntheticImages({ count: 2, channels: 1, seed: 3 });
    expect(grey.dims).toEqual([2, 1, 32, 32]);
    const i = 1 * 3072 + 500;
    expect(grey.data[1024 + 500]).toBeCloseTo(0.299 * images.data[i]! + 0.587 * images.data[i + 1024]! + 0.114 * images.data[i + 2048]!, 6);
  });

  it('rejects bad options', () => {
    expect(() => syntheticImages({ count: 0 })).toThrow(InvalidOptionError);
    expect(() => syntheticImages({ count: 0 })).toThrow('Invalid option syntheticImages.count: expected a positive integer, received 0');
    expect(() => syntheticImages({ count: 2, channels: 2 as 3 })).toThrow('syntheticImages.channels');
    expect(() => syntheticImages({ count: 2, size: -1 })).toThrow('syntheticImages.size');
  });
});

describe('syntheticClasses', () => {
  it('is balanced, deterministic, and separable by stripe orientation', () => {
    const { images, labels } = syntheticClasses({ count: 101, seed: 9 });
    expect(images.dims).toEqual([101, 3, 32, 32]);
    expect(labels.dims).toEqual([101, 1]);
    const ones = labels.data.filter((v) => v === 1).length;
    expect(labels.data.every((v) => v === 0 || v === 1)).toBe(true);
    expect([50, 51]).toContain(ones);
    expect(sameData(syntheticClasses({ count: 101, seed: 9 }).images.data, images.data)).toBe(true);
    expect(syntheticClasses({ count: 101, seed: 10 }).labels.data).not.toEqual(labels.data);
    // Horizontal stripes change down columns more than along rows; vertical ones the other way.
    let correct = 0;
    for (let n = 0; n < 101; n++) {
      let alongRows = 0;
      let alongColumns = 0;
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 31; y++)
          for (let x = 0; x < 31; x++) {
            const i = n * 3072 + c * 1024 + y * 32 + x;
            alongRows += Math.abs(images.data[i + 1]! - images.data[i]!);
            alongColumns += Math.abs(images.data[i + 32]! - images.data[i]!);
          }
      const guess = alongRows > alongColumns ? 1 : 0;
      if (guess === labels.data[n]) correct++;
    }
    expect(correct).toBe(101);
  });
});

describe('batches', () => {
  const x = { data: Float32Array.from({ length: 10 * 2 }, (_, i) => i), dims: [10, 2] };
  const y = { data: Float32Array.from({ length: 10 }, (_, i) => i), dims: [10, 1] };

  it('splits in order, with a smaller last batch unless dropLast', () => {
    const list = [...batches(x, 4)];
    expect(list.map((b) => b.dims)).toEqual([[4, 2], [4, 2], [2, 2]]);
    expect(Array.from(list[2]!.data)).toEqual([16, 17, 18, 19]);
    expect([...batches(x, 4, { dropLast: true })]).toHaveLength(2);
  });

  it('shuffles tensors together, deterministically per seed, visiting every sample once', () => {
    const list = [...batches([x, y], 3, { shuffle: true, seed: 5 })];
    const seen = list.flatMap(([, labels]) => Array.from(labels!.data));
    expect(seen.toSorted((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const [images, labels] of list) {
      labels!.data.forEach((label, i) => expect(Array.from(images!.data.subarray(2 * i, 2 * i + 2))).toEqual([2 * label, 2 * label + 1]));
    }
    const again = [...batches([x, y], 3, { shuffle: true, seed: 5 })].flatMap(([, l]) => Array.from(l!.data));
    expect(again).toEqual(seen);
  });

  it('rejects mismatched tensors and bad sizes', () => {
    expect(() => [...batches([x, { data: new Float32Array(9), dims: [9, 1] }], 2)]).toThrow(InvalidInputError);
    expect(() => [...batches(x, 0)]).toThrow('Invalid option batchSize: expected a positive integer, received 0');
    expect(() => [...batches({ data: new Float32Array(5), dims: [3, 2] }, 2)]).toThrow('Invalid tensors[0]');
  });

  it('gathers and slices samples', () => {
    expect(Array.from(gatherSamples(x, [3, 0]).data)).toEqual([6, 7, 0, 1]);
    const s = sliceSamples(x, 2, 4);
    expect(s.dims).toEqual([2, 2]);
    expect(Array.from(s.data)).toEqual([4, 5, 6, 7]);
    expect(() => sliceSamples(x, 4, 11)).toThrow(InvalidInputError);
  });
});

describe('splitByItem', () => {
  const files = Array.from({ length: 10 }, (_, i) => `photo-${i}.png`);

  it('holds out a quarter of the items (rounded, at least one), disjoint from the rest, in input order', () => {
    const split = splitByItem(files, { seed: 1 });
    expect(split.heldOut).toHaveLength(3);
    expect(split.train).toHaveLength(7);
    expect([...split.train, ...split.heldOut].toSorted()).toEqual(files);
    expect(split.train.filter((f) => split.heldOut.includes(f))).toEqual([]);
    expect(split.heldOutIndices).toEqual(split.heldOutIndices.toSorted((a, b) => a - b));
    expect(split.heldOutIndices.map((i) => files[i])).toEqual(split.heldOut);
    expect(splitByItem(files.slice(0, 4), { seed: 1 }).heldOut).toHaveLength(1);
    expect(splitByItem(files.slice(0, 2), { seed: 1, heldOutFraction: 0.9 }).heldOut).toHaveLength(1);
  });

  it('is deterministic for a seed and picks other items for other seeds', () => {
    expect(splitByItem(files, { seed: 4 })).toEqual(splitByItem(files, { seed: 4 }));
    const picks = new Set(Array.from({ length: 10 }, (_, seed) => splitByItem(files, { seed }).heldOut.join()));
    expect(picks.size).toBeGreaterThan(5);
  });

  it('rejects fewer than two items and fractions outside (0, 1)', () => {
    expect(() => splitByItem(['a.png'])).toThrow('Invalid items: expected at least 2 items to split, received 1');
    expect(() => splitByItem(files, { heldOutFraction: 1 })).toThrow('splitByItem.heldOutFraction');
    expect(() => splitByItem(files, { seed: 1.5 })).toThrow('splitByItem.seed');
  });
});
