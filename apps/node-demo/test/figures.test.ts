import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { syntheticImages } from '@losskit/models';
import { describe, expect, it } from 'vitest';
import { SERIES_COLORS, lossCurves, reconstructionGrid } from '../src/figures/index';
import { WHITE, open, same } from './support/png';

const byte = (v: number) => Math.round(v * 255);

describe('reconstructionGrid', () => {
  const originals = syntheticImages({ count: 4, seed: 1 });
  const grey = syntheticImages({ count: 4, seed: 1, channels: 1 });
  const rows = [
    { label: 'original', images: originals },
    { label: 'luma L1', images: grey },
    { label: 'red', images: syntheticImages({ count: 3, seed: 2 }) },
  ];

  it('is a PNG of the expected size with the images copied pixel for pixel', () => {
    const png = open(reconstructionGrid({ rows, scale: 3 }));
    // Margin 8 + widest label "original" ((8 * 6 - 1) * 2 = 94 px) + 2 gaps of 4 = 110 px before the grid;
    // 4 columns of 96 px with 3 gaps of 4, margin 8; rows: 8 + 3 * 96 + 2 * 4 + 8.
    expect([png.width, png.height]).toEqual([110 + 4 * 96 + 3 * 4 + 8, 8 + 3 * 96 + 2 * 4 + 8]);
    for (const [n, y, x] of [[0, 0, 0], [2, 17, 5], [3, 31, 31]] as const) {
      const left = 110 + n * (96 + 4) + x * 3;
      const top = 8 + y * 3;
      const expected = [0, 1, 2].map((c) => byte(originals.data[n * 3072 + c * 1024 + y * 32 + x]!));
      // Every screen pixel of the 3x3 block shows the image pixel.
      expect(png.at(left, top)).toEqual(expected);
      expect(png.at(left + 2, top + 2)).toEqual(expected);
      // Grey rows show the luma in all three channels.
      const g = byte(grey.data[n * 1024 + y * 32 + x]!);
      expect(png.at(left + 1, top + 96 + 4 + 1)).toEqual([g, g, g]);
    }
    // The third row has 3 images: its fourth cell stays background.
    expect(png.at(110 + 3 * 100 + 40, 8 + 2 * 100 + 40)).toEqual(WHITE);
  });

  it('draws each label in the label column of its row', () => {
    const png = open(reconstructionGrid({ rows, scale: 3 }));
    rows.forEach((_, r) => {
      let ink = 0;
      for (let y = 8 + r * 100; y < 8 + r * 100 + 96; y++) for (let x = 0; x < 110; x++) if (!same(png.at(x, y), WHITE)) ink++;
      // Each label has at least one font pixel (2x2 screen pixels) per character.
      expect(ink, `row ${r}`).toBeGreaterThan(rows[r]!.label.length * 4 * 4);
    });
    // Labels are right-aligned: the short "red" leaves the left of the column empty.
    for (let y = 208; y < 304; y++) for (let x = 0; x < 60; x++) expect(png.at(x, y)).toEqual(WHITE);
  });

  it('adds a title row and limits columns', () => {
    const png = open(reconstructionGrid({ rows, scale: 2, columns: 2, title: 'Seed experiment' }));
    // Title: 9 * 2 px line + 2 gaps of 4 above the rows.
    expect([png.width, png.height]).toEqual([110 + 2 * 64 + 4 + 8, 8 + 26 + 3 * 64 + 2 * 4 + 8]);
    let ink = 0;
    for (let y = 8; y < 8 + 18; y++) for (let x = 110; x < png.width; x++) if (!same(png.at(x, y), WHITE)) ink++;
    expect(ink).toBeGreaterThan(100);
  });

  it('rejects rows it cannot draw', () => {
    expect(() => reconstructionGrid({ rows: [] })).toThrow(InvalidInputError);
    expect(() => reconstructionGrid({ rows: [rows[0]!, { label: 'small', images: syntheticImages({ count: 1, size: 16 }) }] })).toThrow(
      'Invalid rows[1].images.dims: expected images of 32x32 like rows[0], received [16, 16]',
    );
    expect(() => reconstructionGrid({ rows: [{ label: 'x', images: { data: new Float32Array(8), dims: [2, 2, 2] } }] })).toThrow('rows[0].images.dims');
    expect(() => reconstructionGrid({ rows: [{ label: 'x', images: { data: new Float32Array(7), dims: [1, 1, 2, 4] } }] })).toThrow('rows[0].images.data');
    expect(() => reconstructionGrid({ rows, scale: 0 })).toThrow(InvalidOptionError);
  });
});

/** Rows where column `x` has exactly `color`. */
function rowsOf(png: ReturnType<typeof open>, x: number, color: readonly number[]): number[] {
  const ys: number[] = [];
  for (let y = 0; y < png.height; y++) if (same(png.at(x, y), color)) ys.push(y);
  return ys;
}

describe('lossCurves', () => {
  // Three decreasing curves, each one above the next everywhere.
  const series = [
    { label: 'pixel L1', values: Array.from({ length: 50 }, (_, i) => 0.5 * Math.exp(-i / 20) + 0.05) },
    { label: 'luma L1', values: Array.from({ length: 50 }, (_, i) => 0.2 * Math.exp(-i / 20) + 0.02) },
    { label: 'red L1', values: Array.from({ length: 50 }, (_, i) => 0.08 * Math.exp(-i / 20) + 0.008) },
  ];

  for (const logScale of [false, true]) {
    it(`draws every series in its own color, in the right order (${logScale ? 'log' : 'linear'} scale)`, () => {
      const png = open(lossCurves({ series, width: 500, height: 320, logScale }));
      expect([png.width, png.height]).toEqual([500, 320]);
      // Curve pixels of each series' color in the left half of the image (the legend is top right).
      for (let i = 0; i < series.length; i++) {
        let count = 0;
        for (let y = 0; y < png.height; y++) for (let x = 0; x < 250; x++) if (same(png.at(x, y), SERIES_COLORS[i]!)) count++;
        expect(count, series[i]!.label).toBeGreaterThan(100);
      }
      // In a column inside the plot, larger losses are drawn higher (smaller y).
      const centers = [0, 1, 2].map((i) => {
        const ys = rowsOf(png, 200, SERIES_COLORS[i]!);
        expect(ys.length, series[i]!.label).toBeGreaterThan(0);
        return ys.reduce((a, b) => a + b, 0) / ys.length;
      });
      expect(centers[0]!).toBeLessThan(centers[1]!);
      expect(centers[1]!).toBeLessThan(centers[2]!);
      // Axes and tick labels: dark pixels left of the plot and below it.
      let ink = 0;
      for (let y = 0; y < png.height; y++) for (let x = 0; x < 40; x++) if (png.at(x, y)[0] < 100) ink++;
      expect(ink).toBeGreaterThan(50);
    });
  }

  it('spaces decades evenly on a log scale', () => {
    // y = 10^-k at x = k: a straight line on a log axis, so its midpoint sits halfway.
    const png = open(lossCurves({ series: [{ label: 'decay', values: [1, 0.1, 0.01, 0.001, 0.0001] }], width: 400, height: 300, logScale: true, legend: false }));
    const color = SERIES_COLORS[0]!;
    const columns: number[] = [];
    const centers: number[] = [];
    for (let x = 0; x < 400; x++) {
      const ys = rowsOf(png, x, color);
      if (ys.length > 0 && ys.length < 6) {
        columns.push(x);
        centers.push(ys.reduce((a, b) => a + b, 0) / ys.length);
      }
    }
    // Fit y = a + b x over the curve's columns: a straight line leaves residuals of about a pixel.
    const n = columns.length;
    const mx = columns.reduce((a, b) => a + b, 0) / n;
    const my = centers.reduce((a, b) => a + b, 0) / n;
    const slope = columns.reduce((s, x, i) => s + (x - mx) * (centers[i]! - my), 0) / columns.reduce((s, x) => s + (x - mx) ** 2, 0);
    const residual = Math.max(...columns.map((x, i) => Math.abs(centers[i]! - (my + slope * (x - mx)))));
    expect(n).toBeGreaterThan(100);
    expect(slope).toBeGreaterThan(0);
    expect(residual).toBeLessThan(2.5);
  });

  it('leaves gaps at non-finite values, skips values <= 0 on a log scale, and accepts x positions and colors', () => {
    const values = [1, 0.8, Number.NaN, 0.5, 0.4, 0, 0.25, 0.2];
    const purple = [200, 0, 200] as const;
    const png = open(lossCurves({ series: [{ label: 'custom', values, x: values.map((_, i) => 10 * i), color: purple }], logScale: true, legend: false }));
    const columns: number[] = [];
    for (let x = 0; x < png.width; x++) if (rowsOf(png, x, purple).length > 0) columns.push(x);
    // Three drawn segments (x 0-10, 30-40, 60-70) separated by two gaps of empty columns.
    const gaps = columns.filter((x, i) => i > 0 && x - columns[i - 1]! > 1).length;
    expect(gaps).toBe(2);
    expect(columns.length).toBeGreaterThan(60);
  });

  it('puts the legend in the corner it is asked for', () => {
    const rising = [{ label: 'accuracy', values: [80, 90, 95, 97, 98] }];
    const BOX = [190, 190, 190];
    // The legend box's outline, counted in the upper and the lower half of the image.
    const outline = (png: ReturnType<typeof open>) => {
      const halves = [0, 0];
      for (let y = 0; y < png.height; y++) for (let x = 0; x < png.width; x++) if (same(png.at(x, y), BOX)) halves[y < png.height / 2 ? 0 : 1]!++;
      return halves;
    };
    const [topUpper, topLower] = outline(open(lossCurves({ series: rising, width: 400, height: 300 })));
    expect(topUpper).toBeGreaterThan(100);
    expect(topLower).toBe(0);
    const [bottomUpper, bottomLower] = outline(open(lossCurves({ series: rising, width: 400, height: 300, legendCorner: 'bottom-right' })));
    expect(bottomUpper).toBe(0);
    expect(bottomLower).toBeGreaterThan(100);
    expect(() => lossCurves({ series: rising, legendCorner: 'left' as never })).toThrow("Invalid option lossCurves.legendCorner: expected 'top-right' or 'bottom-right'");
  });

  it('rejects input it cannot plot', () => {
    expect(() => lossCurves({ series: [] })).toThrow('Invalid series: expected at least one series');
    expect(() => lossCurves({ series: [{ label: 'a', values: [0, -1] }], logScale: true })).toThrow('at least one finite value > 0 (log scale)');
    expect(() => lossCurves({ series: [{ label: 'a', values: [1, 2], x: [1] }] })).toThrow('Invalid series[0].x: expected 2 x positions');
    expect(() => lossCurves({ series: [{ label: 'a', values: [1] }], width: 50 })).toThrow('Invalid option lossCurves.width: expected an integer >= 160, received 50');
  });
});
