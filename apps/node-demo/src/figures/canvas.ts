import { encodePng } from '@losskit/models';
import { GLYPH_HEIGHT, GLYPH_SPACING, GLYPH_WIDTH, glyphRows } from './font';

/** An 8-bit RGB color. */
export type Color = readonly [number, number, number];

/**
 * An RGB raster with 8-bit channels and the few drawing operations figures need: rectangles,
 * anti-aliased thick lines, bitmap text and scaled image blits. Coordinates are pixels, x right,
 * y down; drawing outside the canvas is clipped.
 */
export class Canvas {
  readonly width: number;
  readonly height: number;
  /** Interleaved RGB bytes, row-major. */
  readonly pixels: Uint8Array;

  constructor(width: number, height: number, background: Color = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** The color at `(x, y)`. */
  get(x: number, y: number): Color {
    const i = (y * this.width + x) * 3;
    return [this.pixels[i]!, this.pixels[i + 1]!, this.pixels[i + 2]!];
  }

  /** Blends `color` over pixel `(x, y)` with opacity `alpha` in `[0, 1]`. */
  blend(x: number, y: number, color: Color, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    const i = (y * this.width + x) * 3;
    const a = Math.min(1, alpha);
    for (let c = 0; c < 3; c++) this.pixels[i + c] = Math.round(this.pixels[i + c]! * (1 - a) + color[c]! * a);
  }

  /** Fills the rectangle with top-left `(x, y)` and the given size. */
  fillRect(x: number, y: number, width: number, height: number, color: Color): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + width));
    const y1 = Math.min(this.height, Math.round(y + height));
    for (let py = y0; py < y1; py++) {
      for (let px = x0; px < x1; px++) this.pixels.set(color, (py * this.width + px) * 3);
    }
  }

  /** A one-pixel rectangle outline. */
  strokeRect(x: number, y: number, width: number, height: number, color: Color): void {
    this.fillRect(x, y, width, 1, color);
    this.fillRect(x, y + height - 1, width, 1, color);
    this.fillRect(x, y, 1, height, color);
    this.fillRect(x + width - 1, y, 1, height, color);
  }

  /**
   * An anti-aliased line segment of `thickness` pixels with round caps: each pixel's coverage
   * falls off linearly over one pixel around the distance `thickness / 2` from the segment.
   */
  line(x0: number, y0: number, x1: number, y1: number, color: Color, thickness = 1): void {
    const half = thickness / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const lengthSq = dx * dx + dy * dy;
    const left = Math.floor(Math.min(x0, x1) - half - 1);
    const right = Math.ceil(Math.max(x0, x1) + half + 1);
    const top = Math.floor(Math.min(y0, y1) - half - 1);
    const bottom = Math.ceil(Math.max(y0, y1) + half + 1);
    for (let py = Math.max(0, top); py <= Math.min(this.height - 1, bottom); py++) {
      for (let px = Math.max(0, left); px <= Math.min(this.width - 1, right); px++) {
        // Pixel centers are at half-integers.
        const cx = px + 0.5;
        const cy = py + 0.5;
        const t = lengthSq === 0 ? 0 : Math.min(1, Math.max(0, ((cx - x0) * dx + (cy - y0) * dy) / lengthSq));
        const distance = Math.hypot(cx - (x0 + t * dx), cy - (y0 + t * dy));
        const coverage = Math.min(1, half + 0.5 - distance);
        if (coverage > 0) this.blend(px, py, color, coverage);
      }
    }
  }

  /** Draws `text` in the 5x7 bitmap font with its top-left corner at `(x, y)`, each font pixel `scale` pixels wide. */
  text(text: string, x: number, y: number, color: Color, scale = 1): void {
    let left = Math.round(x);
    const top = Math.round(y);
    for (const char of text) {
      const rows = glyphRows(char);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (rows[row]! & (1 << (GLYPH_WIDTH - 1 - col))) this.fillRect(left + col * scale, top + row * scale, scale, scale, color);
        }
      }
      left += (GLYPH_WIDTH + GLYPH_SPACING) * scale;
    }
  }

  /**
   * Copies a CHW float image (`[0, 1]`, 1 or 3 channels) with its top-left at `(x, y)`,
   * each image pixel drawn as a `scale x scale` block (nearest neighbour, so pixels stay crisp).
   */
  image(data: Float32Array, channels: number, height: number, width: number, x: number, y: number, scale = 1): void {
    const plane = height * width;
    for (let iy = 0; iy < height; iy++) {
      for (let ix = 0; ix < width; ix++) {
        const i = iy * width + ix;
        const byte = (c: number) => Math.round(Math.min(1, Math.max(0, data[(channels === 1 ? 0 : c) * plane + i]!)) * 255);
        this.fillRect(x + ix * scale, y + iy * scale, scale, scale, [byte(0), byte(1), byte(2)]);
      }
    }
  }

  /** The canvas as PNG bytes (8-bit RGB). */
  toPng(): Uint8Array {
    return encodePng(this.pixels, this.width, this.height);
  }
}
