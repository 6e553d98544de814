/**
 * Figures of the demos, drawn without a browser or system fonts: a labelled grid of
 * reconstructions, a loss-curve chart and a confusion matrix, all as PNG bytes.
 * @module
 */
export type { Color } from './canvas';
export { Canvas } from './canvas';
export { SERIES_COLORS, seriesColor } from './colors';
export type { ConfusionMatrixFigureOptions } from './confusion-matrix';
export { FULL_CELL, confusionMatrixFigure, renderConfusionMatrix } from './confusion-matrix';
export { CAP_HEIGHT, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, textHeight, textWidth } from './font';
export type { CurveSeries, LossCurvesOptions } from './loss-curves';
export { lossCurves, renderLossCurves } from './loss-curves';
export type { FigureImages, GridRow, ReconstructionGridOptions } from './reconstruction-grid';
export { reconstructionGrid, renderReconstructionGrid } from './reconstruction-grid';
export type { Ticks } from './ticks';
export { formatTick, linearTicks, logTicks, niceStep } from './ticks';
