// The torchvision-zoo fixtures (fixtures/zoo) commit graphs without weights: every float32
// initializer is ONNX external data that no file holds. This is the generator that makes those
// bytes, bit-identical to `fill` in fixtures/zoo/export.py (which documents it), and the loader
// that feeds them to losskit through `decodeModel`'s `externalData` option, as a user's weights
// file would be. It also makes the batch and the Dropout masks, and reduces gradients to what the
// fixtures store. It runs in Node and in the browser page of the Chromium tests.
import { type Model, decodeModel } from '@losskit/graph';

/** Entries of a parameter the fixtures store: all when there are at most this many. */
export const SAMPLES = 16;

function fnv1a(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** `u` in [0, 1) with 24 bits for entries 0..n-1 of the stream `name`, as export.py's `uniform`. */
export function uniform(name: string, n: number): Float64Array {
  const seed = fnv1a(name);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = (seed ^ Math.imul(i, 0x9e3779b9)) >>> 0;
    x ^= x >>> 16;
    x = Math.imul(x, 0x7feb352d) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x846ca68b) >>> 0;
    x ^= x >>> 16;
    out[i] = (x >>> 8) / 16777216;
  }
  return out;
}

const count = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** The float32 values of initializer `name` with `dims` (see export.py's `fill` for the rules). */
export function fill(name: string, dims: readonly number[]): Float32Array {
  const u = uniform(name, count(dims));
  let affine: (s: number) => number;
  if (dims.length >= 2) {
    const bound = Math.sqrt(6 / count(dims.slice(1)));
    affine = (s) => s * bound;
  } else if (name.endsWith('running_var')) affine = (s) => 1 + s / 2;
  else if (name.endsWith('running_mean')) affine = (s) => s / 10;
  else if (name.endsWith('.weight')) affine = (s) => 1 + s / 4;
  else affine = (s) => s / 10;
  return Float32Array.from(u, (v) => affine(2 * v - 1));
}

/**
 * A zoo graph with its external float32 initializers generated: the bytes of every file they
 * name are built at their offsets, then the graph is decoded with those files as its
 * `externalData`.
 */
export function zooModel(bytes: Uint8Array): Model {
  const layout = decodeModel(bytes).graph.initializers.filter((t) => t.external);
  const sizes = new Map<string, number>();
  for (const t of layout) {
    const { location, offset } = t.external!;
    sizes.set(location, Math.max(sizes.get(location) ?? 0, offset + 4 * count(t.dims)));
  }
  const files = new Map([...sizes].map(([location, size]) => [location, new Uint8Array(size)]));
  for (const t of layout) {
    const values = fill(t.name, t.dims);
    files.get(t.external!.location)!.set(new Uint8Array(values.buffer), t.external!.offset);
  }
  return decodeModel(bytes, {
    externalData: (location) => {
      const file = files.get(location);
      if (!file) throw new Error(`no generated weights for "${location}"`);
      return file;
    },
  });
}

/** A float tensor of the fixtures' batch. */
export interface ZooTensor {
  readonly data: Float32Array;
  readonly dims: number[];
}

/** The fixtures' batch: input `x` uniform in [-1, 1), 0/1 targets `target`. */
export function zooBatch(batch: number, size: number, classes: number): { input: ZooTensor; target: ZooTensor } {
  const x = uniform('x', batch * 3 * size * size);
  const t = uniform('target', batch * classes);
  return {
    input: { data: Float32Array.from(x, (u) => 2 * u - 1), dims: [batch, 3, size, size] },
    target: { data: Float32Array.from(t, (u) => (u < 0.5 ? 1 : 0)), dims: [batch, classes] },
  };
}

/** The keep-mask of Dropout node `node` at `step`, as export.py's `keep_mask` (createTrainer's `dropout.mask`). */
export function zooMask(node: string, step: number, dims: readonly number[], ratio: number): Float32Array {
  return Float32Array.from(uniform(`${node}#${step}`, count(dims)), (u) => (u >= ratio ? 1 : 0));
}

/** The entries of an n-value tensor the fixtures store, as export.py's `sample_indices`. */
export function sampleIndices(n: number): number[] {
  if (n <= SAMPLES) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: SAMPLES }, (_, k) => Math.floor(((2 * k + 1) * n) / (2 * SAMPLES)));
}

/** What a test keeps of one parameter's gradient: the sampled entries and max |g| over the tensor. */
export interface GradientSummary {
  readonly samples: number[];
  readonly maxAbs: number;
}

/** Each gradient reduced to its {@link GradientSummary} (small enough to leave a browser page). */
export function summarize(gradients: Readonly<Record<string, ArrayLike<number>>>): Record<string, GradientSummary> {
  const out: Record<string, GradientSummary> = {};
  for (const [name, g] of Object.entries(gradients)) {
    let maxAbs = 0;
    for (let i = 0; i < g.length; i++) maxAbs = Math.max(maxAbs, Math.abs(g[i]!));
    out[name] = { samples: sampleIndices(g.length).map((i) => g[i]!), maxAbs };
  }
  return out;
}
