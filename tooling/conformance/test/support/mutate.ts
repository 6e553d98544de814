// Seeded byte-level mutations of a valid .onnx file: what a truncated download, a flipped bit on
// disk or a hostile file looks like to the decoder.
import { mulberry32 } from '@losskit/models';

export type Mutation = 'truncate' | 'flip bits' | 'special bytes' | 'huge varint' | 'delete range' | 'insert bytes' | 'duplicate range' | 'nudge byte';

export const MUTATIONS: readonly Mutation[] = ['truncate', 'flip bits', 'special bytes', 'huge varint', 'delete range', 'insert bytes', 'duplicate range', 'nudge byte'];

const SPECIAL = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0a, 0x12, 0x7f, 0x80, 0xff];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Applies one mutation to `bytes` (never in place) with the seeded random `next`. */
export function mutate(bytes: Uint8Array, mutation: Mutation, next: () => number): Uint8Array {
  const at = (n = bytes.length): number => Math.floor(next() * n);
  const span = (max: number): number => 1 + at(max);
  switch (mutation) {
    case 'truncate':
      return bytes.slice(0, at());
    case 'flip bits': {
      const out = bytes.slice();
      for (let i = span(4); i > 0; i--) out[at()]! ^= 1 << at(8);
      return out;
    }
    case 'special bytes': {
      const out = bytes.slice();
      for (let i = span(4); i > 0; i--) out[at()] = SPECIAL[at(SPECIAL.length)]!;
      return out;
    }
    case 'huge varint': {
      // A length or count of up to 2^63 where a small one was.
      const out = bytes.slice();
      const start = at();
      const length = 5 + at(6);
      for (let i = 0; i < length && start + i < out.length; i++) out[start + i] = i === length - 1 ? 0x01 : 0xff;
      return out;
    }
    case 'delete range': {
      const start = at();
      return concat(bytes.subarray(0, start), bytes.subarray(start + span(16)));
    }
    case 'insert bytes': {
      const start = at();
      const inserted = Uint8Array.from({ length: span(16) }, () => at(256));
      return concat(bytes.subarray(0, start), inserted, bytes.subarray(start));
    }
    case 'duplicate range': {
      const start = at();
      const piece = bytes.subarray(start, start + span(64));
      const to = at();
      return concat(bytes.subarray(0, to), piece, bytes.subarray(to));
    }
    case 'nudge byte': {
      // Off-by-a-few lengths and counts.
      const out = bytes.slice();
      const i = at();
      out[i] = (out[i]! + (next() < 0.5 ? -1 : 1) * span(3)) & 0xff;
      return out;
    }
  }
}

/** A seeded random source in [0, 1). */
export function seeded(seed: number): () => number {
  return mulberry32(seed);
}
