import type { Random } from '../random';
import { type Rgb, neutralColor, saturatedColor } from './color';
import { type Box, type Pattern, type Region, checker, disc, everywhere, linearGradient, paint, rectangle, solid, stripes, triangle, valueNoise } from './paint';

/** Background and foreground colors of one scene. */
interface Colors {
  readonly background: Rgb;
  readonly second: Rgb;
  /** Hue to keep foreground shapes away from; undefined for a neutral background. */
  readonly hue: number | undefined;
}

function backgroundColors(random: Random): Colors {
  // A quarter of the backgrounds are neutral (black, white, grey) behind saturated shapes.
  if (random.next() < 0.25) {
    return { background: neutralColor(random), second: saturatedColor(random).rgb, hue: undefined };
  }
  const first = saturatedColor(random);
  // The second color of a gradient or pattern is far from the first in hue.
  return { background: first.rgb, second: saturatedColor(random, first.hue).rgb, hue: first.hue };
}

function backgroundPattern(random: Random, colors: Colors): Pattern {
  const { background: a, second: b } = colors;
  const kind = random.next();
  if (kind < 0.3) return solid(a);
  if (kind < 0.55) return linearGradient(a, b, random.uniform(0, 2 * Math.PI));
  if (kind < 0.7) return stripes(a, b, random.uniform(0.1, 0.3), random.uniform(0, Math.PI), random.next());
  if (kind < 0.8) return checker(a, b, random.uniform(0.1, 0.25), random.next() < 0.5 ? 0 : random.uniform(0, Math.PI / 2));
  const cells = 2 + random.int(5);
  const lattice = new Float32Array((cells + 1) ** 2);
  for (let i = 0; i < lattice.length; i++) lattice[i] = random.next();
  return valueNoise(a, b, cells, lattice);
}

function shapeRegion(random: Random): [Region, Box] {
  const cx = random.uniform(0.15, 0.85);
  const cy = random.uniform(0.15, 0.85);
  const kind = random.next();
  if (kind < 0.35) return disc(cx, cy, random.uniform(0.1, 0.3));
  if (kind < 0.7) return rectangle(cx, cy, random.uniform(0.08, 0.3), random.uniform(0.08, 0.3), random.next() < 0.5 ? 0 : random.uniform(0, Math.PI));
  const r = random.uniform(0.15, 0.35);
  const turn = random.uniform(0, 2 * Math.PI);
  const corner = (k: number): [number, number] => {
    // Jittered corners around a circle give varied, never degenerate, triangles.
    const angle = turn + (k * 2 * Math.PI) / 3 + random.uniform(-0.4, 0.4);
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  };
  return triangle(corner(0), corner(1), corner(2));
}

function shapePattern(random: Random, avoidHue: number | undefined): Pattern {
  const color = random.next() < 0.12 ? neutralColor(random) : saturatedColor(random, avoidHue).rgb;
  const kind = random.next();
  if (kind < 0.75) return solid(color);
  const other = saturatedColor(random).rgb;
  if (kind < 0.9) return stripes(color, other, random.uniform(0.06, 0.15), random.uniform(0, Math.PI), random.next());
  return linearGradient(color, other, random.uniform(0, 2 * Math.PI));
}

/**
 * Paints one random scene into `image` (3 CHW planes of `size * size`): a background (solid,
 * gradient, stripes, checkerboard or value noise) and one to three shapes (discs, rotated
 * rectangles, triangles), mostly solid, sometimes striped or graded, in saturated colors.
 * Geometry lives in unit coordinates, so a seed draws the same scene at every size.
 */
export function paintScene(image: Float32Array, size: number, random: Random): void {
  const colors = backgroundColors(random);
  paint(image, size, everywhere, backgroundPattern(random, colors));
  const shapes = 1 + random.int(3);
  for (let s = 0; s < shapes; s++) {
    const [region, box] = shapeRegion(random);
    paint(image, size, region, shapePattern(random, colors.hue), box);
  }
}
