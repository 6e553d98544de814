import { InvalidInputError, InvalidOptionError } from '@losskit/core';
import { Canvas, type Color } from './canvas';
import { seriesColor } from './colors';
import { CAP_HEIGHT, textHeight, textWidth } from './font';
import { type Ticks, linearTicks, logTicks } from './ticks';

/** One curve of a {@link lossCurves} chart. */
export interface CurveSeries {
  /** Legend text, e.g. `luma L1`. */
  readonly label: string;
  /** The y values; point `i` is drawn at x = `x[i]`, or `i` when `x` is absent. Non-finite values leave gaps. */
  readonly values: readonly number[];
  /** Optional x positions (e.g. steps or epochs), one per value. */
  readonly x?: readonly number[];
  /** Overrides the palette color. */
  readonly color?: Color;
}

/** Options of {@link lossCurves}. */
export interface LossCurvesOptions {
  readonly series: readonly CurveSeries[];
  /** Image width in pixels. Default 720. */
  readonly width?: number;
  /** Image height in pixels. Default 440. */
  readonly height?: number;
  /** Logarithmic y axis; values <= 0 are then left out. Default false. */
  readonly logScale?: boolean;
  /** Title above the plot. */
  readonly title?: string;
  /** Label under the x axis. Default `step`. */
  readonly xLabel?: string;
  /** Label above the y axis. Default `loss`. */
  readonly yLabel?: string;
  /** Draw the legend. Default true. */
  readonly legend?: boolean;
  /** The plot corner the legend sits in: put it where the curves are not. Default `'top-right'`. */
  readonly legendCorner?: 'top-right' | 'bottom-right';
}

const BACKGROUND: Color = [255, 255, 255];
const INK: Color = [40, 40, 40];
const GRID: Color = [232, 232, 232];
const TEXT_SCALE = 2;
const LINE_WIDTH = 2;
const TICK = 5;

function checkSize(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new InvalidOptionError(option, `an integer >= ${min}`, value);
  return value;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A line chart of loss curves as PNG bytes: axes with ticks, tick labels and light grid lines,
 * one anti-aliased curve per series in a distinct color, and a legend. Labels use a 5x7
 * bitmap font, so the chart needs no system fonts.
 */
export function lossCurves(options: LossCurvesOptions): Uint8Array {
  return renderLossCurves(options).toPng();
}

/** {@link lossCurves} as a {@link Canvas}, before PNG encoding. */
export function renderLossCurves(options: LossCurvesOptions): Canvas {
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new InvalidInputError('series', 'at least one series', series);
  const width = checkSize('lossCurves.width', options.width ?? 720, 160);
  const height = checkSize('lossCurves.height', options.height ?? 440, 120);
  const logScale = options.logScale ?? false;

  const curves: Point[][] = series.map((s, i) => {
    const values: readonly number[] = s.values;
    if (!Array.isArray(values)) throw new InvalidInputError(`series[${i}].values`, 'an array of numbers', values);
    if (s.x !== undefined && (!Array.isArray(s.x) || s.x.length !== values.length)) {
      throw new InvalidInputError(`series[${i}].x`, `${values.length} x positions, one per value`, s.x);
    }
    return values.map((y, k) => ({ x: s.x?.[k] ?? k, y }));
  });
  const visible = (p: Point) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logScale || p.y > 0);
  const points = curves.flat().filter(visible);
  if (points.length === 0) {
    throw new InvalidInputError('series', logScale ? 'at least one finite value > 0 (log scale)' : 'at least one finite value', 'none');
  }

  // Data ranges, widened so flat curves still get an axis.
  let [xMin, xMax] = [Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x))];
  if (xMin === xMax) [xMin, xMax] = [xMin - 1, xMax + 1];
  let [yMin, yMax] = [Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y))];
  if (yMin === yMax) [yMin, yMax] = logScale ? [yMin / 2, yMax * 2] : [yMin - Math.max(1, Math.abs(yMin)) * 0.1, yMax + Math.max(1, Math.abs(yMax)) * 0.1];
  const xTicks = linearTicks(xMin, xMax, 6);
  const yTicks: Ticks & { min: number; max: number } = logScale ? logTicks(yMin, yMax) : linearTicks(yMin, yMax, 5);
  const yFrom = (v: number) => (logScale ? Math.log10(v) : v);

  // Layout: the left margin fits the widest y tick label.
  const lineHeight = textHeight(TEXT_SCALE);
  const top = 12 + (options.title ? lineHeight + 10 : 0) + lineHeight + 8;
  const left = 14 + Math.max(...yTicks.labels.map((l) => textWidth(l, TEXT_SCALE))) + TICK + 6;
  const bottom = height - (14 + lineHeight + 8 + lineHeight + TICK + 6);
  // The last x tick label is centered on the axis end; keep room for its right half.
  const right = width - Math.max(16, textWidth(xTicks.labels.at(-1) ?? '', TEXT_SCALE) / 2 + 8);
  if (right - left < 40 || bottom - top < 40) throw new InvalidOptionError('lossCurves.width/height', 'room for the plot area', `${width}x${height}`);
  const px = (x: number) => left + ((x - xTicks.min) / (xTicks.max - xTicks.min)) * (right - left);
  const py = (y: number) => bottom - ((yFrom(y) - yFrom(yTicks.min)) / (yFrom(yTicks.max) - yFrom(yTicks.min))) * (bottom - top);

  const canvas = new Canvas(width, height, BACKGROUND);
  if (options.title) canvas.text(options.title, (width - textWidth(options.title, TEXT_SCALE)) / 2, 12, INK, TEXT_SCALE);
  canvas.text(options.yLabel ?? 'loss', 14, top - lineHeight - 8, INK, TEXT_SCALE);
  const xLabel = options.xLabel ?? 'step';
  canvas.text(xLabel, (left + right - textWidth(xLabel, TEXT_SCALE)) / 2, height - 12 - lineHeight, INK, TEXT_SCALE);

  // Grid lines and ticks first, so the curves draw over them.
  yTicks.values.forEach((v, i) => {
    const y = Math.round(py(v));
    canvas.fillRect(left, y, right - left, 1, GRID);
    canvas.fillRect(left - TICK, y, TICK, 1, INK);
    const label = yTicks.labels[i]!;
    canvas.text(label, left - TICK - 4 - textWidth(label, TEXT_SCALE), y - (CAP_HEIGHT * TEXT_SCALE) / 2, INK, TEXT_SCALE);
  });
  xTicks.values.forEach((v, i) => {
    const x = Math.round(px(v));
    canvas.fillRect(x, top, 1, bottom - top, GRID);
    canvas.fillRect(x, bottom, 1, TICK, INK);
    const label = xTicks.labels[i]!;
    canvas.text(label, x - textWidth(label, TEXT_SCALE) / 2, bottom + TICK + 4, INK, TEXT_SCALE);
  });
  canvas.fillRect(left, top, 1, bottom - top + 1, INK);
  canvas.fillRect(left, bottom, right - left + 1, 1, INK);

  curves.forEach((curve, i) => {
    const color = series[i]!.color ?? seriesColor(i);
    let previous: Point | undefined;
    for (const p of curve) {
      if (!visible(p)) {
        previous = undefined;
        continue;
      }
      const here = { x: px(p.x), y: py(p.y) };
      if (previous) canvas.line(previous.x, previous.y, here.x, here.y, color, LINE_WIDTH);
      else canvas.line(here.x, here.y, here.x, here.y, color, LINE_WIDTH + 1);
      previous = here;
    }
  });

  if (options.legend === false) return canvas;
  // Legend in a right-hand corner of the plot, on a white box so curves do not cross the text.
  const swatch = 22;
  const rowHeight = lineHeight + 6;
  const legendWidth = 12 + swatch + 8 + Math.max(...series.map((s) => textWidth(s.label, TEXT_SCALE))) + 10;
  const legendHeight = 8 + series.length * rowHeight;
  const legendLeft = right - legendWidth - 8;
  const corner = options.legendCorner ?? 'top-right';
  if (corner !== 'top-right' && corner !== 'bottom-right') throw new InvalidOptionError('lossCurves.legendCorner', "'top-right' or 'bottom-right'", corner);
  const legendTop = corner === 'top-right' ? top + 8 : bottom - 8 - legendHeight;
  canvas.fillRect(legendLeft, legendTop, legendWidth, legendHeight, BACKGROUND);
  canvas.strokeRect(legendLeft, legendTop, legendWidth, legendHeight, [190, 190, 190]);
  series.forEach((s, i) => {
    const y = legendTop + 6 + i * rowHeight;
    const color = s.color ?? seriesColor(i);
    canvas.fillRect(legendLeft + 12, y + (CAP_HEIGHT * TEXT_SCALE) / 2 - 1, swatch, 3, color);
    canvas.text(s.label, legendLeft + 12 + swatch + 8, y, INK, TEXT_SCALE);
  });
  return canvas;
}
