import { describe, expect, it } from 'vitest';
import { Canvas, formatTick, linearTicks, logTicks, niceStep, seriesColor, SERIES_COLORS } from '../src/figures/index';

describe('ticks', () => {
  it('picks steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(0.33, 5)).toBe(0.05);
    expect(niceStep(200, 6)).toBe(50);
    expect(niceStep(8, 10)).toBe(1);
  });

  it('covers the range with whole steps', () => {
    expect(linearTicks(0.012, 0.31, 5)).toEqual({
      values: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35],
      labels: ['0', '0.05', '0.10', '0.15', '0.20', '0.25', '0.30', '0.35'],
      min: 0,
      max: 0.35,
    });
    expect(linearTicks(0, 199, 6).labels).toEqual(['0', '50', '100', '150', '200']);
  });

  it('uses decades on a log axis, with 2 and 5 in between for short ranges', () => {
    expect(logTicks(0.0004, 2).labels).toEqual(['1e-4', '0.001', '0.01', '0.1', '1', '10']);
    expect(logTicks(0.004, 0.3).labels).toEqual(['0.001', '0.01', '0.1', '1']);
    expect(logTicks(0.012, 0.3).labels).toEqual(['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1']);
    // Within one decade: linear ticks.
    expect(logTicks(0.21, 0.58).values).toEqual([0.2, 0.3, 0.4, 0.5, 0.6]);
  });

  it('formats tick labels compactly', () => {
    expect(formatTick(0, 1)).toBe('0');
    expect(formatTick(0.25, 0.05)).toBe('0.25');
    expect(formatTick(3, 1)).toBe('3');
    expect(formatTick(0.00025, 0.00005)).toBe('2.5e-4');
    expect(formatTick(2e6, 1e6)).toBe('2e6');
  });
});

describe('drawing', () => {
  it('gives ten distinct series colors, then darker repeats', () => {
    const colors = Array.from({ length: 20 }, (_, i) => seriesColor(i).join(','));
    expect(new Set(colors).size).toBe(20);
    expect(seriesColor(3)).toEqual(SERIES_COLORS[3]);
  });

  it('draws thick anti-aliased lines: solid at the center, fading at the edges', () => {
    const canvas = new Canvas(20, 10);
    canvas.line(2, 5, 18, 5, [0, 0, 0], 2);
    // Pixel rows 4 and 5 have centers 0.5 px from the line: fully covered; rows 3 and 6 are 1.5 px away: untouched.
    expect(canvas.get(10, 4)).toEqual([0, 0, 0]);
    expect(canvas.get(10, 5)).toEqual([0, 0, 0]);
    expect(canvas.get(10, 3)).toEqual([255, 255, 255]);
    expect(canvas.get(10, 6)).toEqual([255, 255, 255]);
    // A diagonal line partially covers pixels beside it.
    const diagonal = new Canvas(10, 10);
    diagonal.line(0, 0, 10, 10, [0, 0, 0], 1);
    const partial = diagonal.get(5, 4)[0];
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(255);
  });
});
