import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { confusionMatrixFigure } from '../src/figures/index';
import { WHITE, open, same } from './support/png';

// Rows are true classes: class 0 -> 3 right, 1 taken for class 1; class 1 -> 4 right; class 2 -> 2 right, 2 taken for 0.
const MATRIX = [
  [3, 1, 0],
  [0, 4, 0],
  [2, 0, 2],
];
// The documented layout for three one-character labels and no title: "true" (4 glyphs at scale 2:
// (4 * 6 - 1) * 2 = 46 px) sets the label column, so cells start at x = 12 + 46 + 12 = 70 and
// y = 12 + 2 * (18 + 6) = 60; cells are 40 px.
const LEFT = 70;
const TOP = 60;
const CELL = 40;

/** The cell's fill, white blended toward [8, 48, 107] by its share of the row, worked out by hand. */
const SHADES: Record<string, number[]> = {
  '1': [8, 48, 107],
  // 255 - 247 * 0.75 = 69.75, 255 - 207 * 0.75 = 99.75, 255 - 148 * 0.75 = 144
  '0.75': [70, 100, 144],
  // 255 - 247 / 4 = 193.25, 255 - 207 / 4 = 203.25, 255 - 148 / 4 = 218
  '0.25': [193, 203, 218],
  // 131.5 and 151.5 round up
  '0.5': [132, 152, 181],
  '0': [255, 255, 255],
};

describe('confusionMatrixFigure', () => {
  const png = open(confusionMatrixFigure({ matrix: MATRIX }));
  /** Pixels of the cell's interior (inside its grid lines) that have `color`. */
  const countIn = (t: number, p: number, color: readonly number[]) => {
    let n = 0;
    for (let y = TOP + t * CELL + 1; y < TOP + (t + 1) * CELL; y++) for (let x = LEFT + p * CELL + 1; x < LEFT + (p + 1) * CELL; x++) if (same(png.at(x, y), color)) n++;
    return n;
  };

  it('has the documented size', () => {
    expect([png.width, png.height]).toEqual([LEFT + 3 * CELL + 12, TOP + 3 * CELL + 12]);
  });

  it('shades each cell by its share of the row', () => {
    const shares = [
      ['0.75', '0.25', '0'],
      ['0', '1', '0'],
      ['0.5', '0', '0.5'],
    ];
    shares.forEach((row, t) =>
      row.forEach((share, p) => {
        // A corner of the cell, away from its centered count.
        expect(png.at(LEFT + p * CELL + 3, TOP + t * CELL + 3), `cell ${t},${p}`).toEqual(SHADES[share]);
      }),
    );
  });

  it('writes each count in its cell, white on dark cells, and leaves empty cells blank', () => {
    // A digit at scale 2 has at least 8 font pixels of 2x2.
    expect(countIn(0, 0, WHITE)).toBeGreaterThan(30);
    expect(countIn(1, 1, WHITE)).toBeGreaterThan(30);
    expect(countIn(0, 1, [32, 32, 32])).toBeGreaterThan(30);
    for (const [t, p] of [[0, 2], [1, 0], [1, 2], [2, 1]] as const) expect(countIn(t, p, WHITE), `cell ${t},${p}`).toBe((CELL - 1) ** 2);
  });

  it('labels the columns and rows', () => {
    let ink = 0;
    // The column labels' line (y 84 to 102) over the cells, and the row labels left of them.
    for (let y = 84; y < 102; y++) for (let x = LEFT; x < LEFT + 3 * CELL; x++) if (!same(png.at(x, y), WHITE)) ink++;
    expect(ink).toBeGreaterThan(3 * 30);
    ink = 0;
    for (let y = TOP; y < TOP + 3 * CELL; y++) for (let x = 0; x < LEFT - 1; x++) if (!same(png.at(x, y), WHITE)) ink++;
    expect(ink).toBeGreaterThan(3 * 30);
  });

  it('widens cells for large counts and the image for a long title', () => {
    // "1234" is (4 * 6 - 1) * 2 = 46 px wide: cells become 46 + 8 = 54 px.
    const wide = open(confusionMatrixFigure({ matrix: [[1234, 0], [0, 1]] }));
    expect(wide.width).toBe(LEFT + 2 * 54 + 12);
    const titled = open(confusionMatrixFigure({ matrix: [[1]], labels: ['cat'], title: 'A rather long title for one cell' }));
    // 32 characters: (32 * 6 - 1) * 2 = 382 px between margins of 12.
    expect(titled.width).toBe(12 + 382 + 12);
  });

  it('rejects matrices it cannot draw', () => {
    expect(() => confusionMatrixFigure({ matrix: [] })).toThrowError(InvalidInputError);
    expect(() => confusionMatrixFigure({ matrix: [[1, 2], [3]] })).toThrowError('Invalid matrix[1]: expected 2 counts (a square matrix)');
    expect(() => confusionMatrixFigure({ matrix: [[1, -2], [3, 4]] })).toThrowError('Invalid matrix[0][1]: expected a count (an integer >= 0), received -2');
    expect(() => confusionMatrixFigure({ matrix: MATRIX, labels: ['a', 'b'] })).toThrowError('Invalid labels: expected 3 class names, one per row');
    expect(() => confusionMatrixFigure({ matrix: MATRIX, cell: 0 })).toThrowError(InvalidOptionError);
  });
});
