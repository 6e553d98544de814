import { describe, expect, it } from 'vitest';
import { CAP_HEIGHT, Canvas, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, textWidth } from '../src/figures/index';

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

describe('bitmap font', () => {
  it('has a distinct, non-empty glyph for every printable ASCII character', () => {
    const seen = new Map<string, string>();
    for (const char of PRINTABLE) {
      const rows = glyphRows(char);
      expect(rows).toHaveLength(GLYPH_HEIGHT);
      for (const row of rows) expect(row).toBeLessThan(1 << GLYPH_WIDTH);
      if (char === ' ') {
        expect(rows.every((r) => r === 0)).toBe(true);
        continue;
      }
      expect(rows.some((r) => r !== 0), char).toBe(true);
      const key = rows.join(',');
      expect(seen.get(key), `${char} looks like ${seen.get(key)}`).toBeUndefined();
      seen.set(key, char);
    }
  });

  it('draws capitals, digits and most lowercase above the baseline and descenders below it', () => {
    for (const char of PRINTABLE) {
      const tail = glyphRows(char).slice(CAP_HEIGHT);
      expect(tail.some((r) => r !== 0), char).toBe('gjpqy'.includes(char));
    }
  });

  it('matches hand-drawn glyphs', () => {
    const A = ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#', '.....', '.....'];
    expect(glyphRows('A')).toEqual(A.map((r) => Number.parseInt(r.replaceAll('#', '1').replaceAll('.', '0'), 2)));
    const one = ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.', '.....', '.....'];
    expect(glyphRows('1')).toEqual(one.map((r) => Number.parseInt(r.replaceAll('#', '1').replaceAll('.', '0'), 2)));
    // Characters outside printable ASCII fall back to "?".
    expect(glyphRows('é')).toEqual(glyphRows('?'));
    expect(glyphRows('\n')).toEqual(glyphRows('?'));
  });

  it('renders text at a scale, glyph cells 6 font pixels apart', () => {
    expect(textWidth('ab', 1)).toBe(11);
    expect(textWidth('ab', 3)).toBe(33);
    expect(textWidth('')).toBe(0);
    const canvas = new Canvas(24, 20);
    canvas.text('AI', 1, 2, [0, 0, 0], 2);
    const dark = (x: number, y: number) => canvas.get(x, y)[0] === 0;
    // A's top row is .###. : font pixel (1, 0) covers screen (3..4, 2..3).
    expect(dark(1, 2)).toBe(false);
    expect([dark(3, 2), dark(4, 3), dark(7, 2), dark(9, 2)]).toEqual([true, true, true, false]);
    // I starts 12 screen pixels later; its top row .###. is dark at font x 1..3.
    expect([dark(13, 2), dark(15, 2), dark(20, 2), dark(21, 2)]).toEqual([false, true, true, false]);
  });
});
