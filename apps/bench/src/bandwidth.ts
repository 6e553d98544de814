/**
 * The memory-bandwidth floor: the fastest any loss evaluation with its gradient could be on this
 * machine, set by the bytes it must move (read prediction and target, write the gradient: 12
 * bytes per float32 element), at the copy bandwidth `TypedArray.set` reaches on a buffer far
 * larger than the caches.
 */
export interface Bandwidth {
  /** Bytes per second moved by a large copy (read + write), best of the repeats. */
  readonly bytesPerSecond: number;
  /** Size of the copied buffer in bytes. */
  readonly bufferBytes: number;
}

/** Copies `elements` float32 values `repeats` times and keeps the fastest copy. */
export function measureBandwidth(elements: number = 1 << 24, repeats: number = 12): Bandwidth {
  const source = new Float32Array(elements).fill(1);
  const target = new Float32Array(elements);
  target.set(source);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    target.set(source);
    best = Math.min(best, performance.now() - start);
  }
  const bytes = elements * 4 * 2;
  return { bytesPerSecond: bytes / (best / 1000), bufferBytes: elements * 4 };
}

/** Bytes a loss evaluation with gradient must move at least: read p and t, write dL/dp. */
export const FLOOR_BYTES_PER_ELEMENT = 12;

/** The floor in ms for `elements` values. */
export function floorMs(bandwidth: Bandwidth, elements: number): number {
  return ((elements * FLOOR_BYTES_PER_ELEMENT) / bandwidth.bytesPerSecond) * 1000;
}
