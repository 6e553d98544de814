import type { Random } from '../random';

/** An RGB color with components in `[0, 1]`. */
export type Rgb = readonly [number, number, number];

/** HSV (hue in degrees, saturation and value in `[0, 1]`) to RGB. */
export function hsvToRgb(hue: number, saturation: number, value: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 60;
  const c = value * saturation;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = value - c;
  const sector = Math.floor(h);
  const [r, g, b] =
    sector === 0 ? [c, x, 0] : sector === 1 ? [x, c, 0] : sector === 2 ? [0, c, x] : sector === 3 ? [0, x, c] : sector === 4 ? [x, 0, c] : [c, 0, x];
  return [r + m, g + m, b + m];
}

/** The six fully saturated primaries and secondaries: red, yellow, green, cyan, blue, magenta. */
const PURE_HUES = [0, 60, 120, 180, 240, 300] as const;

/** A saturated color and its hue (degrees). */
export interface HuedColor {
  readonly rgb: Rgb;
  readonly hue: number;
}

/**
 * A strongly saturated color: a third of the time one of the six pure hues (jittered a
 * little), otherwise any hue; saturation at least 0.85 and value at least 0.8 (channel spread
 * at least 0.68). Such colors
 * make the difference between luma-only and channel-only losses visible.
 */
export function saturatedColor(random: Random, avoidHue?: number): HuedColor {
  for (;;) {
    const hue = random.next() < 1 / 3 ? random.pick(PURE_HUES) + random.uniform(-8, 8) : random.uniform(0, 360);
    // Keep foreground and background hues at least 90 degrees apart so shapes stand out.
    if (avoidHue !== undefined && hueDistance(hue, avoidHue) < 90) continue;
    return { rgb: hsvToRgb(hue, random.uniform(0.85, 1), random.uniform(0.8, 1)), hue };
  }
}

/** Black, white or a dark or light grey. */
export function neutralColor(random: Random): Rgb {
  const v = random.pick([0.02, 0.12, 0.85, 0.98]);
  return [v, v, v];
}

/** The angular distance of two hues, in `[0, 180]` degrees. */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}

/** `a + (b - a) * t` per component. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}
