import { InvalidInputError, option, resolveOptions } from '@losskit/core';
import { Canvas, type Color } from './canvas';
import { CAP_HEIGHT, textHeight, textWidth } from './font';

/** Options of {@link confusionMatrixFigure}. */
export interface ConfusionMatrixFigureOptions {
  /** `matrix[t][p]`: examples of true class `t` predicted as `p` (scikit-learn's layout); square, counts >= 0. */
  readonly matrix: readonly (readonly number[])[];
  /** Class names, one per row. Default `0`, `1`, ... */
  readonly labels?: readonly string[];
  /** Title above the matrix. */
  readonly title?: string;
  /** Side of a cell in pixels; widened to fit the largest count. Default 40. */
  readonly cell?: number;
}

const BACKGROUND: Color = [255, 255, 255];
const INK: Color = [32, 32, 32];
const GRID: Color = [200, 200, 200];
/** The color of a cell holding its whole row (matplotlib's darkest `Blues`); empty cells stay white. */
export const FULL_CELL: Color = [8, 48, 107];
const TEXT_SCALE = 2;
const MARGIN = 12;
const GAP = 6;

const LAYOUT_OPTIONS = { cell: option.positiveInteger({ description: 'Side of a cell in pixels.', default: 40 }) };

/** A cell's color: white blended toward {@link FULL_CELL} by the share of its row it holds. */
function shade(share: number): Color {
  return [0, 1, 2].map((c) => Math.round(BACKGROUND[c]! + (FULL_CELL[c]! - BACKGROUND[c]!) * share)) as unknown as Color;
}

function checkMatrix(matrix: ConfusionMatrixFigureOptions['matrix']): number {
  if (!Array.isArray(matrix) || matrix.length === 0) throw new InvalidInputError('matrix', 'a non-empty square array of counts', matrix);
  matrix.forEach((row, t) => {
    if (!Array.isArray(row) || row.length !== matrix.length) throw new InvalidInputError(`matrix[${t}]`, `${matrix.length} counts (a square matrix)`, row);
    row.forEach((n, p) => {
      if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`matrix[${t}][${p}]`, 'a count (an integer >= 0)', n);
    });
  });
  return matrix.length;
}

/**
 * A confusion matrix as PNG bytes: one row per true class, one column per predicted class,
 * each cell shaded by the share of its row it holds (white to dark blue) and labelled with its
 * count (empty cells stay blank), "predicted" over the columns and "true" over the row labels.
 * Read the diagonal for what each class gets right, the rest for what it is taken for.
 */
export function confusionMatrixFigure(options: ConfusionMatrixFigureOptions): Uint8Array {
  return renderConfusionMatrix(options).toPng();
}

/**
 * {@link confusionMatrixFigure} as a {@link Canvas}. Layout, in pixels: a margin of 12; the title
 * (text 18 high) and a gap of 12 when there is one; the word "predicted" and the column labels,
 * each a text line of 18 followed by a gap of 6; then the cells, side by side without gaps. Row
 * labels sit right-aligned in a column as wide as the widest label or "true", 12 before the cells.
 */
export function renderConfusionMatrix(options: ConfusionMatrixFigureOptions): Canvas {
  const classes = checkMatrix(options.matrix);
  const labels = options.labels ?? Array.from({ length: classes }, (_, i) => String(i));
  if (!Array.isArray(labels) || labels.length !== classes) throw new InvalidInputError('labels', `${classes} class names, one per row`, labels);
  const counts = options.matrix.flat();
  const widest = Math.max(...counts.map((n) => textWidth(String(n), TEXT_SCALE)), ...labels.map((l) => textWidth(l, TEXT_SCALE)));
  const cell = Math.max(resolveOptions('confusionMatrixFigure', LAYOUT_OPTIONS, { cell: options.cell }).cell, widest + 8);

  const line = textHeight(TEXT_SCALE);
  const titleHeight = options.title ? line + 2 * GAP : 0;
  const labelColumn = Math.max(textWidth('true', TEXT_SCALE), ...labels.map((l) => textWidth(l, TEXT_SCALE)));
  const left = MARGIN + labelColumn + 2 * GAP;
  const headerTop = MARGIN + titleHeight;
  const top = headerTop + 2 * (line + GAP);
  const width = Math.max(left + classes * cell + MARGIN, MARGIN + textWidth(options.title ?? '', TEXT_SCALE) + MARGIN);
  const canvas = new Canvas(width, top + classes * cell + MARGIN, BACKGROUND);

  if (options.title) canvas.text(options.title, MARGIN, MARGIN, INK, TEXT_SCALE);
  canvas.text('predicted', left + (classes * cell - textWidth('predicted', TEXT_SCALE)) / 2, headerTop, INK, TEXT_SCALE);
  canvas.text('true', left - 2 * GAP - textWidth('true', TEXT_SCALE), headerTop + line + GAP, INK, TEXT_SCALE);
  // Centering the capitals (not the descenders) looks centered.
  const middle = (text: string) => (cell - textWidth(text, TEXT_SCALE)) / 2;
  const capMiddle = (cell - CAP_HEIGHT * TEXT_SCALE) / 2;
  labels.forEach((label, i) => {
    canvas.text(label, left + i * cell + middle(label), headerTop + line + GAP, INK, TEXT_SCALE);
    canvas.text(label, left - 2 * GAP - textWidth(label, TEXT_SCALE), top + i * cell + capMiddle, INK, TEXT_SCALE);
  });

  options.matrix.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((n, p) => {
      const share = total === 0 ? 0 : n / total;
      const [x, y] = [left + p * cell, top + t * cell];
      canvas.fillRect(x, y, cell, cell, shade(share));
      canvas.strokeRect(x, y, cell + 1, cell + 1, GRID);
      if (n > 0) canvas.text(String(n), x + middle(String(n)), y + capMiddle, share > 0.5 ? BACKGROUND : INK, TEXT_SCALE);
    });
  });
  return canvas;
}
