/** Axis ticks: positions in data units and their labels. */
export interface Ticks {
  readonly values: number[];
  readonly labels: string[];
}

/** The "nice" step (1, 2 or 5 times a power of ten) that splits `span` into about `target` parts. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  // Heckbert's thresholds (Graphics Gems, "Nice numbers for graph labels").
  return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power;
}

/** A number for a tick label: plain decimals for ordinary magnitudes, exponent form otherwise. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    const exponent = Math.floor(Math.log10(magnitude));
    const mantissa = Number((value / 10 ** exponent).toPrecision(3));
    return `${mantissa}e${exponent}`;
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(Math.min(decimals, 6));
}

/** Linear ticks covering `[min, max]` at a nice step; the range is widened to whole steps. */
export function linearTicks(min: number, max: number, target = 5): Ticks & { min: number; max: number } {
  const step = niceStep(max - min, target);
  const low = Math.floor(min / step + 1e-9) * step;
  const high = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  for (let k = 0; low + k * step <= high + step * 1e-9; k++) values.push(Number((low + k * step).toPrecision(12)));
  return { values, labels: values.map((v) => formatTick(v, step)), min: values[0]!, max: values.at(-1)! };
}

/**
 * Logarithmic ticks covering `[min, max]` (both > 0): powers of ten, with 2 and 5 times them
 * when the axis spans at most two decades, and linear ticks when the data spans less than one.
 */
export function logTicks(min: number, max: number): Ticks & { min: number; max: number } {
  const lowExp = Math.floor(Math.log10(min) + 1e-9);
  const highExp = Math.ceil(Math.log10(max) - 1e-9);
  if (Math.log10(max) - Math.log10(min) < 1) {
    // Within one decade, powers of ten would leave at most two ticks; linear ones read better.
    const linear = linearTicks(min, max, 4);
    const values = linear.values.filter((v) => v > 0);
    return { values, labels: values.map((v) => formatTick(v, niceStep(max - min, 4))), min: Math.min(min, values[0] ?? min), max: Math.max(max, values.at(-1) ?? max) };
  }
  const multiples = highExp - lowExp <= 2 ? [1, 2, 5] : [1];
  const values: number[] = [];
  for (let e = lowExp; e <= highExp; e++) {
    for (const m of multiples) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= 10 ** lowExp && v <= 10 ** highExp) values.push(v);
    }
  }
  return { values, labels: values.map((v) => formatTick(v, v)), min: 10 ** lowExp, max: 10 ** highExp };
}
