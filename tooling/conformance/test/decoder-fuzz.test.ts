// Decoder fuzzing: seeded mutations and truncations of real models (losskit's own and files
// written by PyTorch, paddle2onnx, Spox and protobufjs). Every case must end in a typed LossKitError or
// in a model that re-encodes to a stable file: no other exception, no hang, and no tensor data
// larger than the bytes that were read can justify.
import { LossKitError, type Model, type Tensor, decodeModel, encodeModel, typedArrayFor } from '@losskit/graph';
import { describe, expect, it } from 'vitest';
import { decoderCorpus } from './support/corpus';
import { MUTATIONS, type Mutation, mutate, seeded } from './support/mutate';

/** Cases per small file and per large file; 8 x 1,150 + 3 x 500 = 10,700 cases. */
const SMALL_CASES = 1150;
const LARGE_CASES = 500;
/** The external data file the loader hands out: tensors must stay inside it. */
const EXTERNAL_FILE = new Uint8Array(64);

function tensorsOf(model: Model): Tensor[] {
  const out: Tensor[] = [];
  const visitGraph = (graph: Model['graph']): void => {
    out.push(...graph.initializers);
    for (const node of graph.nodes) visitNodeAttributes(node.attributes);
  };
  const visitNodeAttributes = (attributes: Model['graph']['nodes'][number]['attributes']): void => {
    for (const attribute of Object.values(attributes)) {
      if (attribute.type === 'tensor') out.push(attribute.value);
      else if (attribute.type === 'tensors') out.push(...attribute.value);
      else if (attribute.type === 'graph') visitGraph(attribute.value);
      else if (attribute.type === 'graphs') attribute.value.forEach(visitGraph);
    }
  };
  visitGraph(model.graph);
  for (const fn of model.functions) for (const node of fn.nodes) visitNodeAttributes(node.attributes);
  return out;
}

/** The IR's promise about a tensor: as many values as its dims say, in its dtype's array type. */
function tensorProblem(tensor: Tensor): string | undefined {
  if (tensor.external) return undefined;
  const count = tensor.dims.reduce((n, d) => n * d, 1);
  if (tensor.data.length !== count) return `tensor "${tensor.name}" dims [${tensor.dims.join(', ')}] hold ${tensor.data.length} values`;
  const expected = tensor.dtype === 'string' ? 'Array' : typedArrayFor(tensor.dtype).name;
  if (tensor.data.constructor.name !== expected) return `tensor "${tensor.name}" of ${tensor.dtype} holds a ${tensor.data.constructor.name}`;
  return undefined;
}

interface Outcome {
  readonly cases: number;
  readonly accepted: number;
  readonly errors: Record<string, number>;
  readonly failures: string[];
  readonly slowestMs: number;
}

function fuzz(files: { name: string; bytes: Uint8Array }[], casesPerFile: number, seedBase: number): Outcome {
  const errors: Record<string, number> = {};
  const failures: string[] = [];
  let accepted = 0;
  let cases = 0;
  let slowestMs = 0;
  files.forEach((file, fileIndex) => {
    for (let i = 0; i < casesPerFile; i++) {
      const seed = seedBase + fileIndex * 100_000 + i;
      const next = seeded(seed);
      // One to three mutations; every fifth case is a plain truncation.
      const steps: Mutation[] = i % 5 === 0 ? ['truncate'] : Array.from({ length: 1 + Math.floor(next() * 3) }, () => MUTATIONS[Math.floor(next() * MUTATIONS.length)]!);
      let bytes = file.bytes;
      for (const step of steps) bytes = mutate(bytes, step, next);
      const where = `${file.name}, seed ${seed} (${steps.join(' + ')})`;
      cases++;
      const start = performance.now();
      try {
        const model = decodeModel(bytes, { externalData: () => EXTERNAL_FILE });
        accepted++;
        const dataBytes = tensorsOf(model).reduce((n, t) => n + (ArrayBuffer.isView(t.data) ? t.data.byteLength : 0), 0);
        // int64 values can be one-byte varints: 8 bytes of data per byte read is the most a file justifies.
        if (dataBytes > 8 * (bytes.length + EXTERNAL_FILE.length)) failures.push(`${where}: ${dataBytes} bytes of tensor data from ${bytes.length} bytes`);
        const problem = tensorsOf(model).map(tensorProblem).find((p) => p !== undefined);
        if (problem) failures.push(`${where}: accepted, but ${problem}`);
        const encoded = encodeModel(model);
        const again = encodeModel(decodeModel(encoded));
        if (again.length !== encoded.length || again.some((b, k) => b !== encoded[k])) failures.push(`${where}: re-encoding is not stable`);
      } catch (error) {
        if (error instanceof LossKitError) errors[error.name] = (errors[error.name] ?? 0) + 1;
        else failures.push(`${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      slowestMs = Math.max(slowestMs, performance.now() - start);
    }
  });
  return { cases, accepted, errors, failures, slowestMs };
}

describe('decodeModel under fuzzing', () => {
  const corpus = decoderCorpus();

  it('decodes and re-encodes every unmutated corpus file', () => {
    for (const file of [...corpus.small, ...corpus.large]) {
      const model = decodeModel(file.bytes);
      expect(decodeModel(encodeModel(model)).graph.nodes.length, file.name).toBe(model.graph.nodes.length);
    }
  });

  it(`survives ${corpus.small.length * SMALL_CASES + corpus.large.length * LARGE_CASES} mutated and truncated files`, () => {
    const small = fuzz(corpus.small, SMALL_CASES, 1);
    const large = fuzz(corpus.large, LARGE_CASES, 5_000_001);
    const cases = small.cases + large.cases;
    const errors = Object.entries({ ...small.errors }).map(([name, n]) => `${name} ${n + (large.errors[name] ?? 0)}`);
    console.log(
      `[decoder fuzz] ${cases} cases: ${small.accepted + large.accepted} decoded and re-encoded, rejected with ${errors.join(', ')}; slowest case ${Math.max(small.slowestMs, large.slowestMs).toFixed(1)} ms`,
    );
    expect([...small.failures, ...large.failures].slice(0, 10)).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(10_000);
    // A hang would show as one slow case; decoding any of these files takes milliseconds (up to
    // about a second on a loaded 2-core machine, GC pauses included).
    expect(Math.max(small.slowestMs, large.slowestMs)).toBeLessThan(5_000);
  });
});
