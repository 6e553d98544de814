// A minimal PNG writer for color types fast-png's encoder does not produce (palette, packed
// grey), following the PNG specification directly: chunks with CRC-32, filter byte 0 per row.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typed = new TextEncoder().encode(type);
  out.set(typed, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG from already packed rows (without filter bytes). */
export function rawPng(width: number, height: number, depth: number, colorType: number, rows: Uint8Array[], palette?: number[][]): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([depth, colorType, 0, 0, 0], 8);
  const scanlines = new Uint8Array(rows.reduce((n, r) => n + r.length + 1, 0));
  let offset = 0;
  for (const row of rows) {
    scanlines[offset++] = 0;
    scanlines.set(row, offset);
    offset += row.length;
  }
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', header)];
  if (palette) parts.push(chunk('PLTE', Uint8Array.from(palette.flat())));
  parts.push(chunk('IDAT', deflateSync(scanlines)), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
