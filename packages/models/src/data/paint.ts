import type { Rgb } from './color';

/** A fill: the color at a point of the unit square (x right, y down, both in `[0, 1]`). */
export type Pattern = (x: number, y: number) => Rgb;

/** A region of the unit square: whether a point lies inside it. */
export type Region = (x: number, y: number) => boolean;

/** A region's bounding box in unit coordinates: `[x0, y0, x1, y1]`. */
export type Box = readonly [number, number, number, number];

// 3x3 samples per pixel: smooth enough edges for 32x32 images at a modest cost.
const SUBSAMPLES = 3;

/**
 * Paints `pattern` over `region` onto one CHW image (3 planes of `size * size`). Each pixel
 * averages 3x3 samples, so shape edges and stripes are anti-aliased: the pixel takes the mean
 * pattern color weighted by the fraction of samples inside the region.
 */
export function paint(image: Float32Array, size: number, region: Region, pattern: Pattern, box: Box = [0, 0, 1, 1]): void {
  const plane = size * size;
  const first = (v: number) => Math.max(0, Math.floor(v * size));
  const last = (v: number) => Math.min(size - 1, Math.ceil(v * size));
  for (let py = first(box[1]); py <= last(box[3]); py++) {
    for (let px = first(box[0]); px <= last(box[2]); px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let inside = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        const y = (py + (sy + 0.5) / SUBSAMPLES) / size;
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SUBSAMPLES) / size;
          if (!region(x, y)) continue;
          const c = pattern(x, y);
          r += c[0];
          g += c[1];
          b += c[2];
          inside++;
        }
      }
      if (inside === 0) continue;
      const samples = SUBSAMPLES * SUBSAMPLES;
      const keep = 1 - inside / samples;
      const i = py * size + px;
      image[i] = image[i]! * keep + r / samples;
      image[plane + i] = image[plane + i]! * keep + g / samples;
      image[2 * plane + i] = image[2 * plane + i]! * keep + b / samples;
    }
  }
}

/** Everywhere. */
export const everywhere: Region = () => true;

/** A disc of radius `r` around `(cx, cy)`. */
export function disc(cx: number, cy: number, r: number): [Region, Box] {
  return [(x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r, [cx - r, cy - r, cx + r, cy + r]];
}

/** A rectangle of half-sizes `hw`, `hh` around `(cx, cy)`, rotated by `angle` radians. */
export function rectangle(cx: number, cy: number, hw: number, hh: number, angle: number): [Region, Box] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const extent = Math.hypot(hw, hh);
  return [
    (x, y) => {
      const dx = x - cx;
      const dy = y - cy;
      return Math.abs(dx * cos + dy * sin) <= hw && Math.abs(-dx * sin + dy * cos) <= hh;
    },
    [cx - extent, cy - extent, cx + extent, cy + extent],
  ];
}

/** The triangle with corners `a`, `b`, `c` (any winding). */
/** Which side of the line p -> q the point (x, y) lies on (the sign of a cross product). */
function edge(p: readonly [number, number], q: readonly [number, number], x: number, y: number): number {
  return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
}

export function triangle(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): [Region, Box] {
  return [
    (x, y) => {
      const e0 = edge(a, b, x, y);
      const e1 = edge(b, c, x, y);
      const e2 = edge(c, a, x, y);
      return (e0 >= 0 && e1 >= 0 && e2 >= 0) || (e0 <= 0 && e1 <= 0 && e2 <= 0);
    },
    [Math.min(a[0], b[0], c[0]), Math.min(a[1], b[1], c[1]), Math.max(a[0], b[0], c[0]), Math.max(a[1], b[1], c[1])],
  ];
}

/** One color everywhere. */
export function solid(color: Rgb): Pattern {
  return () => color;
}

/** A linear gradient from `from` to `to` along the direction `angle` (radians), across the unit square. */
export function linearGradient(from: Rgb, to: Rgb, angle: number): Pattern {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  // Project the square's corners to normalise t to [0, 1] over the whole image.
  const corners = [0, dx, dy, dx + dy];
  const low = Math.min(...corners);
  const span = Math.max(...corners) - low;
  return (x, y) => {
    const t = (x * dx + y * dy - low) / span;
    return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
  };
}

/** Stripes of two colors with `period` (unit lengths), across the direction `angle`, shifted by `phase` in `[0, 1)`. */
export function stripes(a: Rgb, b: Rgb, period: number, angle: number, phase: number): Pattern {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  return (x, y) => {
    const t = (x * dx + y * dy) / period + phase;
    return t - Math.floor(t) < 0.5 ? a : b;
  };
}

/** A checkerboard of two colors with square cells of side `cell`, rotated by `angle`. */
export function checker(a: Rgb, b: Rgb, cell: number, angle: number): Pattern {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return (x, y) => {
    const u = Math.floor((x * cos + y * sin) / cell);
    const v = Math.floor((-x * sin + y * cos) / cell);
    return (u + v) & 1 ? b : a;
  };
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/**
 * Smooth value noise between two colors: random values on a `cells x cells` lattice,
 * interpolated with smoothstep. `lattice` holds `(cells + 1) ** 2` values in `[0, 1]`.
 */
export function valueNoise(a: Rgb, b: Rgb, cells: number, lattice: Float32Array): Pattern {
  const at = (i: number, j: number) => lattice[j * (cells + 1) + i]!;
  return (x, y) => {
    const fx = Math.min(x, 0.999999) * cells;
    const fy = Math.min(y, 0.999999) * cells;
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    const tx = smooth(fx - i);
    const ty = smooth(fy - j);
    const top = at(i, j) + (at(i + 1, j) - at(i, j)) * tx;
    const bottom = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * tx;
    const t = top + (bottom - top) * ty;
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  };
}
