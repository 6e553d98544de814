// Deterministic inputs for a decoded model, built from its declared input types alone.
import * as ort from 'onnxruntime-node';
import type { Model } from '../../src/index';
import { seededFloats } from './ort';

/** Requested dims per input (for symbolic ones) and values that must be meaningful. */
export interface FeedSpec {
  readonly dims?: Readonly<Record<string, readonly number[]>>;
  readonly values?: Readonly<Record<string, bigint>>;
}

/**
 * One tensor per graph input that is not an initializer: floats are seeded noise in [-0.5, 0.5),
 * integers small counts (0..3), booleans alternate. A symbolic or unknown dim becomes 1 unless
 * `spec.dims` gives the input's dims; `spec.values` fills an integer input with one value.
 */
export function feedsFor(model: Model, spec: FeedSpec, seed: number): Record<string, ort.Tensor> {
  const initializers = new Set(model.graph.initializers.map((t) => t.name));
  const feeds: Record<string, ort.Tensor> = {};
  model.graph.inputs.forEach((input, i) => {
    if (initializers.has(input.name)) return;
    if (!input.shape) throw new Error(`input "${input.name}" declares no shape: give its dims in the corpus entry`);
    const dims = spec.dims?.[input.name] ?? input.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
    const count = dims.reduce((a, b) => a * b, 1);
    const fixed = spec.values?.[input.name];
    const ints = (): number[] => Array.from(seededFloats(count, seed + i), (v) => Math.floor((v + 0.5) * 4));
    switch (input.dtype) {
      case 'float32':
        feeds[input.name] = new ort.Tensor('float32', seededFloats(count, seed + i), dims);
        break;
      case 'int64':
        feeds[input.name] = new ort.Tensor('int64', fixed === undefined ? BigInt64Array.from(ints(), BigInt) : new BigInt64Array(count).fill(fixed), dims);
        break;
      case 'int32':
        feeds[input.name] = new ort.Tensor('int32', fixed === undefined ? Int32Array.from(ints()) : new Int32Array(count).fill(Number(fixed)), dims);
        break;
      case 'bool':
        feeds[input.name] = new ort.Tensor('bool', Uint8Array.from({ length: count }, (_, k) => k % 2), dims);
        break;
      default:
        throw new Error(`input "${input.name}" of ${input.dtype}: add its dtype to feedsFor`);
    }
  });
  return feeds;
}
