import { InvalidInputError, option, resolveOptions } from '@losskit/core';
import { Canvas, type Color } from './canvas';
import { CAP_HEIGHT, textHeight, textWidth } from './font';

/** A batch of images, NCHW with 1 or 3 channels, values in `[0, 1]`. */
export interface FigureImages {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** One row of a {@link reconstructionGrid}: a label and its images. */
export interface GridRow {
  /** Drawn at the row's left, e.g. `original` or `luma L1`. */
  readonly label: string;
  readonly images: FigureImages;
}

/** Options of {@link reconstructionGrid}. */
export interface ReconstructionGridOptions {
  /** The rows, top to bottom; by convention the originals first, then one row per loss. */
  readonly rows: readonly GridRow[];
  /** Screen pixels per image pixel (nearest neighbour). Default 3. */
  readonly scale?: number;
  /** Screen pixels per font pixel of the labels. Default 2. */
  readonly textScale?: number;
  /** Most images drawn per row. Default: all. */
  readonly columns?: number;
  /** Optional title above the grid. */
  readonly title?: string;
}

const BACKGROUND: Color = [255, 255, 255];
const INK: Color = [32, 32, 32];
const GAP = 4;
const MARGIN = 8;

function checkImages(images: FigureImages, argument: string): [number, number, number, number] {
  const dims = images?.dims;
  if (!Array.isArray(dims) || dims.length !== 4 || dims.some((d) => !Number.isInteger(d) || d < 1) || (dims[1] !== 1 && dims[1] !== 3)) {
    throw new InvalidInputError(`${argument}.dims`, '[count, 1 or 3, height, width]', dims);
  }
  const [n, c, h, w] = dims as [number, number, number, number];
  if (!(images.data instanceof Float32Array) || images.data.length !== n * c * h * w) {
    throw new InvalidInputError(`${argument}.data`, `a Float32Array of ${n * c * h * w} values`, images.data);
  }
  return [n, c, h, w];
}

// The numeric options; `rows` and `title` are checked where they are drawn.
const LAYOUT_OPTIONS = {
  scale: option.positiveInteger({ description: 'Screen pixels per image pixel.', default: 3 }),
  textScale: option.positiveInteger({ description: 'Screen pixels per font pixel.', default: 2 }),
  columns: option.optional(option.positiveInteger({ description: 'Most images drawn per row.', default: 1 })),
};

/**
 * A labelled grid of images as PNG bytes: one row per entry of `rows`, each row's label drawn
 * at its left in a 5x7 bitmap font, images scaled up by `scale` with crisp pixels. All rows
 * must hold images of one height and width.
 */
export function reconstructionGrid(options: ReconstructionGridOptions): Uint8Array {
  return renderReconstructionGrid(options).toPng();
}

/** {@link reconstructionGrid} as a {@link Canvas}, before PNG encoding. */
export function renderReconstructionGrid(options: ReconstructionGridOptions): Canvas {
  const { rows } = options;
  if (!Array.isArray(rows) || rows.length === 0) throw new InvalidInputError('rows', 'at least one row', rows);
  const layout = resolveOptions('reconstructionGrid', LAYOUT_OPTIONS, { scale: options.scale, textScale: options.textScale, columns: options.columns });
  const { scale, textScale } = layout;
  const shapes = rows.map((row, i) => checkImages(row.images, `rows[${i}].images`));
  const [, , h, w] = shapes[0]!;
  shapes.forEach(([, , rh, rw], i) => {
    if (rh !== h || rw !== w) throw new InvalidInputError(`rows[${i}].images.dims`, `images of ${h}x${w} like rows[0]`, [rh, rw]);
  });
  const columns = Math.min(layout.columns ?? Infinity, Math.max(...shapes.map((s) => s[0])));

  const cell = { width: w * scale, height: h * scale };
  const labelWidth = Math.max(...rows.map((r) => textWidth(r.label, textScale)));
  const titleHeight = options.title ? textHeight(textScale) + 2 * GAP : 0;
  const gridLeft = MARGIN + labelWidth + 2 * GAP;
  const width = gridLeft + columns * cell.width + (columns - 1) * GAP + MARGIN;
  const height = MARGIN + titleHeight + rows.length * cell.height + (rows.length - 1) * GAP + MARGIN;
  const canvas = new Canvas(width, height, BACKGROUND);
  if (options.title) canvas.text(options.title, gridLeft, MARGIN, INK, textScale);

  rows.forEach((row, r) => {
    const top = MARGIN + titleHeight + r * (cell.height + GAP);
    // Labels are right-aligned against the grid and centered on the row.
    const labelLeft = gridLeft - 2 * GAP - textWidth(row.label, textScale);
    // Centering the capitals (not the descenders) looks centered.
    canvas.text(row.label, labelLeft, top + (cell.height - CAP_HEIGHT * textScale) / 2, INK, textScale);
    const [n, c] = shapes[r]!;
    const size = c * h * w;
    for (let i = 0; i < Math.min(n, columns); i++) {
      canvas.image(row.images.data.subarray(i * size, (i + 1) * size), c, h, w, gridLeft + i * (cell.width + GAP), top, scale);
    }
  });
  return canvas;
}
