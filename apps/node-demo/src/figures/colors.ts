import type { Color } from './canvas';

/**
 * Tableau 10, a categorical palette designed so that neighbouring colors stay distinct, also
 * for the common color-vision deficiencies: blue, orange, red, teal, green, yellow, purple,
 * pink, brown, grey.
 */
export const SERIES_COLORS: readonly Color[] = [
  [78, 121, 167],
  [242, 142, 43],
  [225, 87, 89],
  [118, 183, 178],
  [89, 161, 79],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

/** The color of series `index`; after ten, the palette repeats darkened so colors stay distinct. */
export function seriesColor(index: number): Color {
  const base = SERIES_COLORS[index % SERIES_COLORS.length]!;
  const round = Math.floor(index / SERIES_COLORS.length);
  const factor = 0.65 ** round;
  return [Math.round(base[0] * factor), Math.round(base[1] * factor), Math.round(base[2] * factor)];
}
