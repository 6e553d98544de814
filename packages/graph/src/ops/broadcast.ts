import { ShapeError } from '../errors';
import { formatDims } from '../host-tensor';

/** The numpy broadcast of several shapes, or a {@link ShapeError} naming the op and the shapes. */
export function broadcastShapes(op: string, ...shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let size = 1;
    for (const shape of shapes) {
      const d = shape[shape.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (size !== 1 && size !== d) {
        throw new ShapeError(op, `shapes ${shapes.map(formatDims).join(' and ')} are not broadcastable`);
      }
      size = d;
    }
    out.push(size);
  }
  return out;
}

/** Whether `from` broadcasts to exactly `to` (numpy rules, one direction). */
export function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[offset + i]);
}
