// The bundled digits against the CSV scikit-learn ships: counts per class taken from the CSV with
// `zcat digits.csv.gz | awk -F, '{c[$65]++} END {for (k in c) print k, c[k]}'`, rows copied from it,
// and, where Debian's python3-sklearn is installed, every value compared with the CSV itself.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIGITS_SHA256 } from '../src/data/digits/digits-data';
import { digitsBytes } from '../src/data/digits/digits';
import { digits } from '../src/index';

const CSV = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';
/** Rows 0, 1 and 1796 of the CSV: 64 pixels, then the digit. */
const FIRST = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0, 0];
const SECOND = [0, 0, 0, 12, 13, 5, 0, 0, 0, 0, 0, 11, 16, 9, 0, 0, 0, 0, 3, 15, 16, 6, 0, 0, 0, 7, 15, 16, 16, 2, 0, 0, 0, 0, 1, 16, 16, 3, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 1, 16, 16, 6, 0, 0, 0, 0, 0, 11, 16, 10, 0, 0, 1];
const LAST = [0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0, 0, 0, 15, 15, 8, 15, 0, 0, 0, 0, 5, 16, 16, 10, 0, 0, 0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6, 4, 16, 6, 0, 0, 8, 16, 10, 8, 16, 8, 0, 0, 1, 8, 12, 14, 12, 1, 0, 8];

describe('digits', () => {
  const { images, labels } = digits();

  it('has 1797 8x8 grey images and one Int32 label each, with the CSV count of every digit', () => {
    expect(images.dims).toEqual([1797, 1, 8, 8]);
    expect(images.data).toBeInstanceOf(Float32Array);
    expect(images.data.length).toBe(1797 * 64);
    expect(labels.dims).toEqual([1797]);
    expect(labels.data).toBeInstanceOf(Int32Array);
    const counts = new Array<number>(10).fill(0);
    for (const label of labels.data) counts[label]!++;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('holds the CSV rows in order, pixels divided by 16', () => {
    for (const [index, row] of [[0, FIRST], [1, SECOND], [1796, LAST]] as const) {
      expect(Array.from(images.data.subarray(index * 64, (index + 1) * 64), (v) => v * 16)).toEqual(row.slice(0, 64));
      expect(labels.data[index]).toBe(row[64]);
    }
  });

  it('has pixels in [0, 1], each a multiple of 1/16, the full range used', () => {
    const offGrid = images.data.filter((v) => !Number.isInteger(v * 16));
    expect(offGrid.length).toBe(0);
    expect([Math.min(...images.data), Math.max(...images.data)]).toEqual([0, 1]);
  });

  it('decompresses to the bytes the conversion script hashed', () => {
    expect(createHash('sha256').update(digitsBytes()).digest('hex')).toBe(DIGITS_SHA256);
  });

  it('returns new arrays on every call', () => {
    const again = digits();
    expect(again.images.data).not.toBe(images.data);
    expect(again.images.data.every((v, i) => v === images.data[i])).toBe(true);
  });

  it.skipIf(!existsSync(CSV))('equals the CSV scikit-learn ships, value for value', () => {
    const rows = gunzipSync(readFileSync(CSV)).toString('utf8').trim().split('\n').map((line) => line.split(',').map(Number));
    expect(rows.length).toBe(1797);
    expect(Array.from(images.data, (v) => v * 16)).toEqual(rows.flatMap((r) => r.slice(0, 64)));
    expect(Array.from(labels.data)).toEqual(rows.map((r) => r[64]));
  });
});
